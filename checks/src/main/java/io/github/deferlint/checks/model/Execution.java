package io.github.deferlint.checks.model;

import static com.google.errorprone.util.ASTHelpers.getSymbol;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.matchers.method.MethodMatchers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import io.github.deferlint.checks.util.Functions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * When the code of a function written inline (a lambda, a method reference, an anonymous class
 * instance) runs, as the code around it shows.
 *
 * @param when when it runs
 * @param call the call it is given to: the opener, the registration, the {@code forEach}, or the
 *     call of its own method; null when unknown
 */
public record Execution(When when, @Nullable MethodInvocationTree call) {

  /** When a function written inline runs. */
  public enum When {
    /** As the body of a scope its opener opens right there ({@code Defer.run(scope -> ...)}). */
    SCOPE_BODY,
    /** As a deferred action: when its scope ends. */
    DEFERRED_ACTION,
    /** Once per element, right away: {@code Iterable.forEach} and the like. */
    PER_ELEMENT,
    /** Once, right away: called where it is written ({@code ((Supplier<T>) () -> ...).get()}). */
    ON_THE_SPOT,
    /** Later, elsewhere, many times or never, as far as this code shows. */
    UNKNOWN
  }

  private static final Execution UNKNOWN = new Execution(When.UNKNOWN, null);

  /** Calls that run the function they are given once per element, right away. */
  private static final Matcher<ExpressionTree> FOR_EACH =
      Matchers.anyOf(
          MethodMatchers.instanceMethod()
              .onDescendantOfAny("java.lang.Iterable", "java.util.Map")
              .named("forEach"),
          MethodMatchers.instanceMethod()
              .onDescendantOfAny(
                  "java.util.stream.Stream",
                  "java.util.stream.IntStream",
                  "java.util.stream.LongStream",
                  "java.util.stream.DoubleStream")
              .namedAnyOf("forEach", "forEachOrdered"),
          MethodMatchers.instanceMethod()
              .onDescendantOf("java.util.Iterator")
              .named("forEachRemaining"));

  /** When the function at {@code function} runs. */
  public static Execution of(TreePath function, DeferApi api, VisitorState state) {
    TreePath parent = function.getParentPath();
    if (parent == null) {
      return UNKNOWN;
    }
    ExpressionTree tree = (ExpressionTree) function.getLeaf();
    if (parent.getLeaf() instanceof MethodInvocationTree call
        && call.getArguments().contains(tree)) {
      if (api.openerOfBody(tree, function, state).isPresent()) {
        return new Execution(When.SCOPE_BODY, call);
      }
      if (api.deferredAction(tree, function, state).isPresent()) {
        return new Execution(When.DEFERRED_ACTION, call);
      }
      return FOR_EACH.matches(call, state) ? new Execution(When.PER_ELEMENT, call) : UNKNOWN;
    }
    return calledOnTheSpot(function, state);
  }

  /** Whether {@code call} is one that runs its functional argument once per element. */
  public static boolean isForEach(MethodInvocationTree call, VisitorState state) {
    return FOR_EACH.matches(call, state);
  }

  /**
   * {@code ((Supplier<T>) () -> ...).get()} or {@code new Supplier<T>() { ... }.get()}: the
   * function is the receiver, through casts and parentheses, of a call of its own functional
   * method.
   */
  private static Execution calledOnTheSpot(TreePath function, VisitorState state) {
    TreePath receiver = function;
    while (receiver.getParentPath() != null
        && (receiver.getParentPath().getLeaf() instanceof ParenthesizedTree
            || receiver.getParentPath().getLeaf() instanceof TypeCastTree)) {
      receiver = receiver.getParentPath();
    }
    TreePath select = receiver.getParentPath();
    TreePath call = select == null ? null : select.getParentPath();
    if (call != null
        && select.getLeaf() instanceof MemberSelectTree member
        && member.getExpression() == receiver.getLeaf()
        && call.getLeaf() instanceof MethodInvocationTree invocation
        && invocation.getMethodSelect() == member
        && getSymbol(invocation) != null) {
      MethodSymbol method = getSymbol(invocation);
      MethodSymbol functional =
          Functions.functionalMethod((ExpressionTree) function.getLeaf(), state);
      if (functional != null
          && (method.equals(functional)
              || method.overrides(functional, method.enclClass(), state.getTypes(), true))) {
        return new Execution(When.ON_THE_SPOT, invocation);
      }
    }
    return UNKNOWN;
  }
}
