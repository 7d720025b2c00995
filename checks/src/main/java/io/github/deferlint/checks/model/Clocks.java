package io.github.deferlint.checks.model;

import static com.google.errorprone.util.ASTHelpers.constValue;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.matchers.method.MethodMatchers;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.api.JavacTrees;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Name;

/** The clocks of the JDK and Guava, and the expressions that compute an elapsed time from them. */
public final class Clocks {
  private static final Matcher<ExpressionTree> CLOCK_READ =
      Matchers.anyOf(
          MethodMatchers.staticMethod()
              .onClass("java.lang.System")
              .namedAnyOf("nanoTime", "currentTimeMillis"),
          MethodMatchers.staticMethod()
              .onClassAny(
                  "java.time.Instant",
                  "java.time.LocalDate",
                  "java.time.LocalDateTime",
                  "java.time.LocalTime",
                  "java.time.OffsetDateTime",
                  "java.time.OffsetTime",
                  "java.time.ZonedDateTime")
              .named("now"),
          MethodMatchers.instanceMethod()
              .onDescendantOfAny("java.time.InstantSource", "java.time.Clock")
              .namedAnyOf("millis", "instant"),
          MethodMatchers.instanceMethod()
              .onDescendantOf("com.google.common.base.Ticker")
              .named("read"));

  /** Reads that are an elapsed time by themselves. */
  private static final Matcher<ExpressionTree> ELAPSED_READ =
      MethodMatchers.instanceMethod()
          .onDescendantOf("com.google.common.base.Stopwatch")
          .namedAnyOf("elapsed", "toString");

  /** A number of time units that is a length of time, not a point in it. */
  private static final Matcher<ExpressionTree> DURATION_IN_UNITS =
      Matchers.anyOf(
          MethodMatchers.instanceMethod()
              .onDescendantOf("java.util.concurrent.TimeUnit")
              .namedAnyOf(
                  "convert",
                  "toNanos",
                  "toMicros",
                  "toMillis",
                  "toSeconds",
                  "toMinutes",
                  "toHours",
                  "toDays"),
          MethodMatchers.instanceMethod()
              .onExactClass("java.time.Duration")
              .namedAnyOf(
                  "getSeconds",
                  "toNanos",
                  "toMillis",
                  "toSeconds",
                  "toMinutes",
                  "toHours",
                  "toDays"));

  private Clocks() {}

  /**
   * A clock read that {@code argument} (at {@code argumentPath}) evaluates now and that computes an
   * elapsed time: one side of a subtraction, an argument of {@code between}/{@code until}, or a
   * Stopwatch's elapsed time. A plain timestamp ({@code scope.defer(trace, System.nanoTime())},
   * Go's {@code defer trace(time.Now())}) is the start of a measurement, taken now on purpose, and
   * is not one. Code in a lambda or class runs when called, so only one called on the spot counts
   * ({@code ((Supplier<Duration>) () -> Duration.between(start, Instant.now())).get()}); one handed
   * to a helper that calls it at once is out of sight.
   */
  public static Optional<ExpressionTree> elapsedTimeRead(
      TreePath argumentPath, DeferApi api, VisitorState state) {
    ExpressionTree[] found = {null};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
        if (found[0] == null
            && (ELAPSED_READ.matches(invocation, state)
                || (CLOCK_READ.matches(invocation, state)
                    && computesElapsedTime(getCurrentPath(), argumentPath, state)))) {
          found[0] = invocation;
        }
        return super.visitMethodInvocation(invocation, null);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
        return calledOnTheSpot() ? super.visitLambdaExpression(lambda, null) : null;
      }

      @Override
      public Void visitNewClass(NewClassTree creation, Void unused) {
        scan(creation.getArguments(), null);
        return creation.getClassBody() != null && calledOnTheSpot()
            ? scan(creation.getClassBody(), null)
            : null;
      }

      @Override
      public Void visitClass(ClassTree type, Void unused) {
        // Only an anonymous class called on the spot gets here, from visitNewClass.
        return super.visitClass(type, null);
      }

      private boolean calledOnTheSpot() {
        return Execution.of(getCurrentPath(), api, state).when() == Execution.When.ON_THE_SPOT;
      }
    }.scan(argumentPath, null);
    return Optional.ofNullable(found[0]);
  }

  /**
   * Whether the value of {@code clockRead} flows, within the argument at {@code argument}, into the
   * later end of an interval: the left of a subtraction ({@code now - start}), the second argument
   * of {@code between} ({@code between(start, now)}) or the argument of {@code until} ({@code
   * start.until(now)}). Read as the earlier end ({@code deadline - now}, {@code between(now,
   * deadline)}) it computes the time left, and less a length of time ({@code now - RETENTION}) a
   * point in the past: registering now gets both right.
   */
  private static boolean computesElapsedTime(
      TreePath clockRead, TreePath argument, VisitorState state) {
    Tree child = clockRead.getLeaf();
    for (TreePath parent = clockRead.getParentPath();
        parent != null && parent != argument.getParentPath();
        child = parent.getLeaf(), parent = parent.getParentPath()) {
      Tree leaf = parent.getLeaf();
      if (leaf.getKind() == Tree.Kind.MINUS) {
        BinaryTree minus = (BinaryTree) leaf;
        return minus.getLeftOperand() == child && !isLengthOfTime(minus.getRightOperand(), state);
      }
      if (leaf instanceof MethodInvocationTree invocation) {
        Name name = getSymbol(invocation).getSimpleName();
        List<? extends ExpressionTree> arguments = invocation.getArguments();
        if (name.contentEquals("between")) {
          return arguments.size() == 2 && arguments.get(1) == child;
        }
        if (name.contentEquals("until")) {
          return arguments.contains(child);
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code value} is a length of time, not a start: a constant ({@code 60_000}), a {@code
   * TimeUnit} or {@code Duration} conversion ({@code TimeUnit.DAYS.toMillis(7)}), or a final
   * variable of the file that holds one ({@code static final long RETENTION = ...}).
   */
  private static boolean isLengthOfTime(ExpressionTree value, VisitorState state) {
    ExpressionTree expression = stripParentheses(value);
    if (constValue(expression) != null || DURATION_IN_UNITS.matches(expression, state)) {
      return true;
    }
    if (!(getSymbol(expression) instanceof VarSymbol variable)
        || (variable.flags() & Flags.FINAL) == 0) {
      return false;
    }
    ExpressionTree initializer =
        JavacTrees.instance(state.context).getTree(variable) instanceof VariableTree declaration
            ? declaration.getInitializer()
            : null;
    return initializer != null
        && (constValue(stripParentheses(initializer)) != null
            || DURATION_IN_UNITS.matches(stripParentheses(initializer), state));
  }
}
