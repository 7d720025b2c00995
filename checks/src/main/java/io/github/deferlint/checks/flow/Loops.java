package io.github.deferlint.checks.flow;

import static com.google.errorprone.matchers.Matchers.anyOf;
import static com.google.errorprone.util.ASTHelpers.constValue;
import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.method.MethodMatchers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.tree.JCTree;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.Execution;
import io.github.deferlint.checks.util.Jumps;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.Sources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.errorprone.javacutil.TreeUtils;

/**
 * Loops as the code around a point shows them: which loops repeat it, which never end, which parts
 * of a loop run on every iteration. Questions the source cannot settle go to the body's graph.
 */
public final class Loops {
  /** The forEach of a collection that exists before the loop runs. */
  private static final Matcher<ExpressionTree> COLLECTION_FOR_EACH =
      MethodMatchers.instanceMethod()
          .onDescendantOfAny("java.lang.Iterable", "java.util.Map")
          .named("forEach");

  private static final Matcher<ExpressionTree> STREAM_FOR_EACH =
      MethodMatchers.instanceMethod()
          .onDescendantOf("java.util.stream.Stream")
          .namedAnyOf("forEach", "forEachOrdered");

  /** A stream of the elements of a collection or array that exists before it runs. */
  private static final Matcher<ExpressionTree> STREAM_OF_EXISTING =
      anyOf(
          MethodMatchers.instanceMethod().onDescendantOf("java.util.Collection").named("stream"),
          MethodMatchers.staticMethod().onClass("java.util.Arrays").named("stream"));

  /** Stream steps that pass on some of the elements they are given, and make none. */
  private static final Matcher<ExpressionTree> SELECTING_STEP =
      MethodMatchers.instanceMethod()
          .onDescendantOf("java.util.stream.Stream")
          .namedAnyOf("filter", "distinct", "sorted", "limit", "skip");

  private Loops() {}

  /**
   * A loop around a point: a loop statement, or a lambda or method reference given to {@code
   * forEach}.
   *
   * @param loop the loop statement, or the functional argument of {@code forEach}
   * @param path the path to {@code loop}
   * @param body the code each iteration runs; null for a method reference
   * @param point the path to what runs in the loop's own body: the point, or the call whose inline
   *     lambda holds it (an opener, a {@code forEach})
   */
  public record Loop(Tree loop, TreePath path, @Nullable Tree body, TreePath point) {
    static Loop statement(TreePath path, TreePath point) {
      return new Loop(path.getLeaf(), path, Loops.body(path.getLeaf()), point);
    }

    static Loop forEach(TreePath functional) {
      Tree body =
          functional.getLeaf() instanceof LambdaExpressionTree lambda ? lambda.getBody() : null;
      return new Loop(functional.getLeaf(), functional, body, functional);
    }

    public boolean isForEach() {
      return loop instanceof LambdaExpressionTree || loop instanceof MemberReferenceTree;
    }

    /**
     * Whether the point may run on several iterations: always for {@code forEach}, whose element
     * count is unknown; never for {@code do { ... } while (false)}; for another statement, unless
     * every path from the point leaves the loop first. That last question needs the body's graph,
     * unless nothing but the loop's condition ends an iteration early or the loop itself, or the
     * body's own statements show the way out.
     */
    public boolean repeats(VisitorState state) {
      if (isForEach()) {
        return true;
      }
      if (loop instanceof DoWhileLoopTree && conditionIs(loop, false)) {
        return false;
      }
      if (endsOnlyByCondition(path, state)) {
        return true;
      }
      return !leavesRightAfter(point, loop)
          && Recurrence.mayRunAgainWithin(point, iteratedParts(loop), state);
    }

    /**
     * The variables that hold the element of an iteration over a collection that already exists: an
     * enhanced {@code for}'s variable, or the parameters of a lambda given to {@code
     * Iterable.forEach} or {@code Map.forEach}, or of a stream straight from a collection or array
     * (see {@link #iteratesACollection}); none for another stream, whose elements may be made as it
     * runs ({@code map(Files::newInputStream)}), or for any other loop.
     */
    public ImmutableSet<Symbol> existingElements(VisitorState state) {
      if (loop instanceof EnhancedForLoopTree forEach) {
        return ImmutableSet.of(getSymbol(forEach.getVariable()));
      }
      if (loop instanceof LambdaExpressionTree lambda && iteratesACollection(state)) {
        return lambda.getParameters().stream()
            .map(parameter -> (Symbol) getSymbol(parameter))
            .collect(ImmutableSet.toImmutableSet());
      }
      return ImmutableSet.of();
    }

    /**
     * Whether this is a function given to {@code Iterable.forEach} or {@code Map.forEach}, or to
     * the {@code forEach} of a stream of a collection's or an array's elements that makes none
     * ({@code list.stream()}, {@code Arrays.stream(array)}, through {@code filter}, {@code
     * distinct}, {@code sorted}, {@code limit}, {@code skip}).
     */
    public boolean iteratesACollection(VisitorState state) {
      if (!isForEach() || !(path.getParentPath().getLeaf() instanceof MethodInvocationTree call)) {
        return false;
      }
      if (COLLECTION_FOR_EACH.matches(call, state)) {
        return true;
      }
      if (!STREAM_FOR_EACH.matches(call, state)) {
        return false;
      }
      ExpressionTree stream = getReceiver(call);
      while (stream != null && SELECTING_STEP.matches(stripParentheses(stream), state)) {
        stream = getReceiver(stripParentheses(stream));
      }
      return stream != null && STREAM_OF_EXISTING.matches(stripParentheses(stream), state);
    }

    /**
     * Whether the loop's condition is always true and nothing but an exception leaves it: no jump
     * out, no {@code throw} that a {@code catch} in the loop does not take.
     */
    public boolean isEndless(VisitorState state) {
      return conditionIs(loop, true) && Jumps.leavingUncaught(path, state).isEmpty();
    }

    /** Where the loop is, for messages: a statement's first line, a lambda's first line. */
    public long line(VisitorState state) {
      return Sources.lineOf(loop, state);
    }
  }

  /**
   * The loops between {@code point} and {@code region} (the code during which a scope is open),
   * innermost first; empty when the point is in a lambda or class that may run later or elsewhere.
   * An opener's inline body runs right where the opener is called, and a {@code forEach} lambda
   * once per element right away, so loops around them count.
   */
  public static Optional<ImmutableList<Loop>> around(
      TreePath point, Tree region, DeferApi api, VisitorState state) {
    ImmutableList.Builder<Loop> loops = ImmutableList.builder();
    TreePath runs = point;
    TreePath childPath = point;
    while (childPath.getParentPath() != null) {
      Tree child = childPath.getLeaf();
      TreePath current = childPath.getParentPath();
      Tree leaf = current.getLeaf();
      if (leaf == region) {
        return Optional.of(loops.build());
      }
      if (leaf instanceof ClassTree || leaf instanceof MethodTree) {
        return Optional.empty();
      }
      boolean childIsFunction =
          child instanceof LambdaExpressionTree
              || (childPath == point && child instanceof MemberReferenceTree);
      if (childIsFunction) {
        Execution execution = Execution.of(childPath, api, state);
        switch (execution.when()) {
          case PER_ELEMENT -> loops.add(Loop.forEach(childPath));
          case SCOPE_BODY, ON_THE_SPOT -> {}
          default -> {
            return Optional.empty(); // Not a loop's business: it may run later or elsewhere.
          }
        }
        // What runs in the code around is the call the function is given to.
        while (current.getLeaf() != execution.call()) {
          current = current.getParentPath();
        }
        runs = current;
        childPath = current;
        continue;
      }
      if (iteratedParts(leaf).contains(child)) {
        loops.add(Loop.statement(current, runs));
      }
      childPath = current;
    }
    return Optional.empty();
  }

  /** Whether {@code tree} is a loop statement. */
  public static boolean isLoop(Tree tree) {
    return tree instanceof WhileLoopTree
        || tree instanceof DoWhileLoopTree
        || tree instanceof ForLoopTree
        || tree instanceof EnhancedForLoopTree;
  }

  /** The parts of a loop statement that run on every iteration; empty for anything else. */
  public static List<Tree> iteratedParts(Tree tree) {
    List<Tree> parts = new ArrayList<>();
    if (tree instanceof WhileLoopTree loop) {
      parts.add(loop.getCondition());
      parts.add(loop.getStatement());
    } else if (tree instanceof DoWhileLoopTree loop) {
      parts.add(loop.getStatement());
      parts.add(loop.getCondition());
    } else if (tree instanceof ForLoopTree loop) {
      if (loop.getCondition() != null) {
        parts.add(loop.getCondition());
      }
      parts.add(loop.getStatement());
      parts.addAll(loop.getUpdate());
    } else if (tree instanceof EnhancedForLoopTree loop) {
      parts.add(loop.getVariable());
      parts.add(loop.getStatement());
    }
    return parts;
  }

  /** The statement a loop statement repeats. */
  public static StatementTree body(Tree loop) {
    if (loop instanceof WhileLoopTree whileLoop) {
      return whileLoop.getStatement();
    }
    if (loop instanceof DoWhileLoopTree doWhile) {
      return doWhile.getStatement();
    }
    if (loop instanceof ForLoopTree forLoop) {
      return forLoop.getStatement();
    }
    return ((EnhancedForLoopTree) loop).getStatement();
  }

  /**
   * The loop statements around {@code path} in its body, innermost first: up to the method, lambda
   * or class whose code it is.
   */
  public static ImmutableList<Tree> statementsAround(TreePath path) {
    ImmutableList.Builder<Tree> loops = ImmutableList.builder();
    for (TreePath current = path.getParentPath();
        current != null
            && !(current.getLeaf() instanceof MethodTree)
            && !(current.getLeaf() instanceof LambdaExpressionTree)
            && !(current.getLeaf() instanceof ClassTree);
        current = current.getParentPath()) {
      if (isLoop(current.getLeaf())) {
        loops.add(current.getLeaf());
      }
    }
    return loops.build();
  }

  /**
   * Whether {@code assignment} is a step every iteration of {@code loop} takes: a statement of its
   * body's own block (not in a branch), or in a {@code while} or {@code do} loop's condition
   * ({@code while (++n < 3)}), as a {@code for} loop's update is.
   */
  public static boolean isEveryIterationsStep(Tree loop, Tree assignment, VisitorState state) {
    // By position: the graph's trees for i++ are ones its builder made.
    ExpressionTree condition =
        loop instanceof WhileLoopTree whileLoop
            ? whileLoop.getCondition()
            : loop instanceof DoWhileLoopTree doWhile ? doWhile.getCondition() : null;
    if (condition != null && Sources.contains(condition, assignment, state)) {
      return true;
    }
    StatementTree body = body(loop);
    List<? extends StatementTree> statements =
        body instanceof BlockTree block ? block.getStatements() : List.of(body);
    return statements.stream()
        .anyMatch(
            statement ->
                statement instanceof ExpressionStatementTree step
                    && isAssignment(stripParentheses(step.getExpression()))
                    && Sources.contains(step.getExpression(), assignment, state));
  }

  private static boolean isAssignment(ExpressionTree expression) {
    return expression instanceof AssignmentTree
        || expression instanceof CompoundAssignmentTree
        || expression instanceof UnaryTree;
  }

  /** The update steps of the {@code for} loops around {@code path}. */
  public static ImmutableList<Tree> forUpdatesAround(TreePath path) {
    ImmutableList.Builder<Tree> updates = ImmutableList.builder();
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      if (current.getLeaf() instanceof ForLoopTree loop) {
        updates.addAll(loop.getUpdate());
      }
    }
    return updates.build();
  }

  /**
   * Whether {@code loop}'s condition is the constant {@code value}; a {@code for} loop without one
   * is always true. False for an enhanced {@code for}, which has none.
   */
  static boolean conditionIs(Tree loop, boolean value) {
    ExpressionTree condition;
    if (loop instanceof WhileLoopTree whileLoop) {
      condition = whileLoop.getCondition();
    } else if (loop instanceof DoWhileLoopTree doWhile) {
      condition = doWhile.getCondition();
    } else if (loop instanceof ForLoopTree forLoop) {
      condition = forLoop.getCondition();
      if (condition == null) {
        return value;
      }
    } else {
      return false;
    }
    return Boolean.valueOf(value).equals(constValue(condition, Boolean.class));
  }

  /**
   * Whether every iteration of the loop at {@code loop} that starts also reaches the next check of
   * its condition: nothing jumps out of it, no endless loop inside it holds control, and it calls
   * no method that the graph takes to end execution. Then whatever runs in one iteration can run in
   * the next, as the graph would say.
   */
  static boolean endsOnlyByCondition(TreePath loop, VisitorState state) {
    if (!Jumps.leaving(loop).isEmpty() || Jumps.callsTerminatingMethod(loop.getLeaf(), state)) {
      return false;
    }
    boolean[] holdsControl = {false};
    new OwnCode.PathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (mayLoopForever(tree)) {
          holdsControl[0] |= Jumps.leaving(new TreePath(getCurrentPath(), tree)).isEmpty();
        }
        return holdsControl[0] ? null : super.scan(tree, null);
      }
    }.scan(loop, null);
    return !holdsControl[0];
  }

  /**
   * Whether {@code tree} is a loop whose condition is always true, for javac or for the graph
   * builder, which also takes {@code while (x || true)} as endless.
   */
  private static boolean mayLoopForever(Tree tree) {
    return conditionIs(tree, true)
        || (tree instanceof WhileLoopTree loop && TreeUtils.isExprConstTrue(loop.getCondition()));
  }

  /**
   * Whether every path from {@code point} leaves {@code loop} before its next iteration, as the
   * statements of the loop's body block show: the point is in one of them, in no loop of its own,
   * and that statement or a later one returns or throws (or a later one breaks out of the loop),
   * with no {@code continue} on the way to start the next iteration first. Exceptions leave the
   * loop or are caught within those statements, which then go on to the way out.
   */
  static boolean leavesRightAfter(TreePath point, Tree loop) {
    if (!(body(loop) instanceof BlockTree block)) {
      return false;
    }
    TreePath statement = point;
    while (statement.getParentPath() != null && statement.getParentPath().getLeaf() != block) {
      if (isLoop(statement.getLeaf())
          || statement.getLeaf() instanceof LambdaExpressionTree
          || statement.getLeaf() instanceof ClassTree) {
        return false;
      }
      statement = statement.getParentPath();
    }
    if (statement.getParentPath() == null || isLoop(statement.getLeaf())) {
      return false;
    }
    List<? extends StatementTree> statements = block.getStatements();
    for (int k = statements.indexOf(statement.getLeaf()); k < statements.size(); k++) {
      StatementTree next = statements.get(k);
      if (next instanceof ReturnTree
          || next instanceof ThrowTree
          || (next != statement.getLeaf()
              && next instanceof BreakTree jump
              && ((JCTree.JCBreak) jump).target == loop)) {
        return true;
      }
      if (containsContinue(next)) {
        return false;
      }
    }
    return false;
  }

  private static boolean containsContinue(Tree tree) {
    boolean[] found = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitContinue(ContinueTree jump, Void unused) {
        found[0] = true;
        return null;
      }
    }.scan(tree, null);
    return found[0];
  }
}
