package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getStartPosition;

import com.google.common.collect.ImmutableSet;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.util.OwnCode;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Which calls of a body's own code have run, on some path, when control reaches a point of it: the
 * question a graph answers ({@link Registrations#onSomePath}), decided on the source where the
 * answer is plain, so that most bodies need no graph for it. Java has no jump backwards but a
 * loop's, so a call after the point, or around it (the point is its argument), in no loop, has not
 * run; a call that is a statement of its own, in a block around the point and before the statement
 * that holds it, has, on the path through the block (javac rejects a statement that no path
 * reaches). Any other call (in a branch, in a loop, in a larger expression, in the point's
 * arguments), and code in which javac reaches statements that cannot run ({@link
 * ControlFlow#hasCodeThatCannotRun}), leave the question to the graph.
 */
final class StraightLine {
  private StraightLine() {}

  /**
   * The calls among {@code calls}, all of the own code at {@code code}, that have run on some path
   * when control reaches {@code site}, a call of the same code; empty if the source does not settle
   * it for one of them.
   */
  static Optional<ImmutableSet<Tree>> ranOnSomePathBefore(
      TreePath code, TreePath site, Collection<MethodInvocationTree> calls) {
    Around around = Around.of(code, site);
    if (around == null || ControlFlow.hasCodeThatCannotRun(code.getLeaf())) {
      return Optional.empty();
    }
    IdentityHashMap<Tree, TreePath> paths = pathsOf(calls, code);
    ImmutableSet.Builder<Tree> ran = ImmutableSet.builder();
    for (MethodInvocationTree call : calls) {
      TreePath path = paths.get(call);
      Boolean hasRun = path == null ? null : hasRun(path, code, site, around);
      if (hasRun == null) {
        return Optional.empty();
      }
      if (hasRun) {
        ran.add(call);
      }
    }
    return Optional.of(ran.build());
  }

  /** Whether the call at {@code call} has run on some path at {@code site}; null if unsettled. */
  private static @Nullable Boolean hasRun(
      TreePath call, TreePath code, TreePath site, Around around) {
    boolean after =
        around.trees().contains(call.getLeaf()) // The site is in its receiver or arguments.
            || (!isIn(call, site.getLeaf(), code)
                && getStartPosition(call.getLeaf()) > getStartPosition(site.getLeaf()));
    if (after) {
      return isIn(call, null, code) ? null : false;
    }
    TreePath statement = call.getParentPath();
    boolean ownStatement =
        (statement.getLeaf() instanceof ExpressionStatementTree expression
                && expression.getExpression() == call.getLeaf())
            || (statement.getLeaf() instanceof VariableTree variable
                && variable.getInitializer() == call.getLeaf());
    if (ownStatement && statement.getParentPath().getLeaf() instanceof BlockTree block) {
      Integer siteStatement = around.statementIn().get(block);
      if (siteStatement != null
          && block.getStatements().indexOf(statement.getLeaf()) < siteStatement) {
        return true;
      }
    }
    return null; // In a branch, a loop, an argument of the site, or part of a larger expression.
  }

  /**
   * The trees from {@code site} up to the code, and for each block among them the index of its
   * statement that holds the site.
   */
  private record Around(Set<Tree> trees, Map<BlockTree, Integer> statementIn) {
    /** Null if the site is not in the code. */
    static @Nullable Around of(TreePath code, TreePath site) {
      Set<Tree> trees = Collections.newSetFromMap(new IdentityHashMap<>());
      IdentityHashMap<BlockTree, Integer> statementIn = new IdentityHashMap<>();
      for (TreePath current = site; current != null; current = current.getParentPath()) {
        trees.add(current.getLeaf());
        if (current.getLeaf() == code.getLeaf()) {
          return new Around(trees, statementIn);
        }
        TreePath parent = current.getParentPath();
        if (parent == null) {
          return null;
        }
        if (parent.getLeaf() instanceof BlockTree block) {
          statementIn.put(block, block.getStatements().indexOf(current.getLeaf()));
        }
      }
      return null;
    }
  }

  /**
   * Whether a tree between {@code path}'s leaf (excluded) and the code is {@code tree}, or with
   * null, a loop.
   */
  private static boolean isIn(TreePath path, @Nullable Tree tree, TreePath code) {
    for (TreePath current = path.getParentPath();
        current != null && current.getLeaf() != code.getLeaf();
        current = current.getParentPath()) {
      if (tree == null ? Loops.isLoop(current.getLeaf()) : current.getLeaf() == tree) {
        return true;
      }
    }
    return false;
  }

  /** The paths of {@code calls} in the own code at {@code code}, in one pass. */
  private static IdentityHashMap<Tree, TreePath> pathsOf(
      Collection<MethodInvocationTree> calls, TreePath code) {
    Set<Tree> wanted = Collections.newSetFromMap(new IdentityHashMap<>());
    wanted.addAll(calls);
    IdentityHashMap<Tree, TreePath> paths = new IdentityHashMap<>();
    new OwnCode.PathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (wanted.contains(call)) {
          paths.put(call, getCurrentPath());
        }
        return super.visitMethodInvocation(call, null);
      }
    }.scan(code, null);
    return paths;
  }
}
