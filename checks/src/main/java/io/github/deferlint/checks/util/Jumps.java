package io.github.deferlint.checks.util;

import static com.google.common.collect.ImmutableList.toImmutableList;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.tree.JCTree;

/**
 * How code leaves a region of the source: Java's abrupt completions, and what the Checker
 * Framework's control-flow graphs take as an end.
 */
public final class Jumps {
  private static final String TERMINATES_EXECUTION =
      "org.checkerframework.dataflow.qual.TerminatesExecution";

  private Jumps() {}

  /**
   * Whether {@code tree}'s own code calls a method annotated {@code @TerminatesExecution}: the
   * Checker Framework's graphs end every path at such a call, so a decision made on the source
   * without the graph must defer to the graph there.
   */
  public static boolean callsTerminatingMethod(Tree tree, VisitorState state) {
    boolean[] calls = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        Symbol method = ASTHelpers.getSymbol(call);
        calls[0] |= method != null && ASTHelpers.hasAnnotation(method, TERMINATES_EXECUTION, state);
        return calls[0] ? null : super.visitMethodInvocation(call, null);
      }
    }.scan(tree, null);
    return calls[0];
  }

  /**
   * The statements in the region at {@code region} that transfer control out of it: every {@code
   * return} and {@code throw}, and each {@code break}, {@code continue} or {@code yield} whose
   * target lies outside the region, or is the region itself for a {@code break} or {@code yield}. A
   * {@code continue} of a loop region starts its next iteration and stays in it; a {@code break} of
   * a loop or switch inside the region, labeled or not, stays in it. Code in lambdas and classes
   * nested in the region jumps within their own bodies and is left out. A {@code throw} counts even
   * where a {@code catch} inside the region may handle it.
   */
  public static ImmutableList<StatementTree> leaving(TreePath region) {
    Tree regionLeaf = region.getLeaf();
    ImmutableList.Builder<StatementTree> jumps = ImmutableList.builder();
    new OwnCode.PathScanner<Void, Void>() {
      @Override
      public Void visitBreak(BreakTree jump, Void unused) {
        addIfLeaving(jump, ((JCTree.JCBreak) jump).target, true);
        return null;
      }

      @Override
      public Void visitContinue(ContinueTree jump, Void unused) {
        addIfLeaving(jump, ((JCTree.JCContinue) jump).target, false);
        return null;
      }

      @Override
      public Void visitYield(YieldTree jump, Void unused) {
        addIfLeaving(jump, ((JCTree.JCYield) jump).target, true);
        return super.visitYield(jump, null);
      }

      @Override
      public Void visitReturn(ReturnTree jump, Void unused) {
        jumps.add(jump);
        return super.visitReturn(jump, null);
      }

      @Override
      public Void visitThrow(ThrowTree jump, Void unused) {
        jumps.add(jump);
        return super.visitThrow(jump, null);
      }

      // A jump's target encloses the jump, so it is either on the path between the jump and the
      // region (the jump stays), the region itself, or outside (the jump leaves).
      private void addIfLeaving(StatementTree jump, Tree target, boolean exitsTarget) {
        for (TreePath current = getCurrentPath();
            current != null;
            current = current.getParentPath()) {
          Tree leaf = current.getLeaf();
          if (leaf == target) {
            if (leaf == regionLeaf && exitsTarget) {
              jumps.add(jump);
            }
            return;
          }
          if (leaf == regionLeaf) {
            break;
          }
        }
        jumps.add(jump);
      }
    }.scan(region, null);
    return jumps.build();
  }

  /**
   * {@link #leaving}, less each {@code throw} that a {@code catch} inside the region takes whatever
   * it throws, so that its exception stays in the region.
   */
  public static ImmutableList<StatementTree> leavingUncaught(TreePath region, VisitorState state) {
    return leaving(region).stream()
        .filter(jump -> !(jump instanceof ThrowTree thrown) || !caughtWithin(thrown, region, state))
        .collect(toImmutableList());
  }

  private static boolean caughtWithin(ThrowTree thrown, TreePath region, VisitorState state) {
    Type exception = ASTHelpers.getType(thrown.getExpression());
    TreePath path = TreePath.getPath(region, thrown);
    return exception != null
        && path != null
        && Exceptions.caughtWithin(exception, path, region.getLeaf(), state);
  }
}
