package io.github.deferlint.checks.fix;

import static com.google.errorprone.util.ASTHelpers.getReceiverType;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Iterables;
import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.model.Cleanup;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.util.DiscardedValue;
import io.github.deferlint.checks.util.Exceptions;
import java.util.Optional;
import javax.lang.model.type.TypeKind;

/**
 * DeferredActionDiscarded's fix: the registration rewritten to make its action's call now and
 * register the cleanup that call returns, Go's {@code defer trace("f")()}: {@code scope.defer(() ->
 * trace("f"))} becomes {@code scope.defer(trace("f"))}, in the words the API has for the cleanup
 * ({@code closing}, {@code register}, a {@code ::run} reference).
 */
public final class ReturnedCleanupFix {
  private ReturnedCleanupFix() {}

  /**
   * The registration that makes the call now, as source text: where the call can be written out
   * (the body of a lambda without parameters, or what a method reference calls with the values) and
   * a registration method of the scope takes what it returns.
   */
  public static Optional<String> registration(
      Registration registration, Cleanup cleanup, DeferApi api, VisitorState state) {
    String scope =
        registration.receiver() == null ? "" : state.getSourceForNode(registration.receiver());
    return callMadeNow(registration, state)
        .flatMap(
            call ->
                api.registering(cleanup, getReceiverType(registration.call()), state)
                    .map(registering -> registering.render(scope, call)));
  }

  /**
   * The fix that puts {@code replacement} (from {@link #registration}) in place of the
   * registration, where what the call throws is handled there as it was in the action: caught
   * around it, declared by the code it is in, or rethrown by the opener of a scope body it is in
   * (which infers one checked type from its body).
   */
  public static Optional<SuggestedFix> offer(
      Registration registration,
      DiscardedValue discarded,
      String replacement,
      DeferApi api,
      VisitorState state) {
    TreePath at = state.getPath();
    boolean handled =
        Exceptions.handledAt(
            discarded.thrown(), at, state, body -> rethrowsWith(body, discarded, api, state));
    return handled
        ? Optional.of(SuggestedFix.replace(registration.call(), replacement))
        : Optional.empty();
  }

  /**
   * The call the action makes, written to be made now: the body of a lambda without parameters, or
   * what a method reference calls with the registration's values ({@code this::trace, "f"} makes
   * {@code this.trace("f")}); empty where it cannot be written out.
   */
  public static Optional<String> callMadeNow(Registration registration, VisitorState state) {
    ExpressionTree action = stripParentheses(registration.action());
    if (action instanceof LambdaExpressionTree lambda) {
      return lambda.getParameters().isEmpty() && registration.values().isEmpty()
          ? Optional.of(state.getSourceForNode(stripParentheses((ExpressionTree) lambda.getBody())))
          : Optional.empty();
    }
    return DirectCall.source(action, registration.values(), state);
  }

  /**
   * Whether the lambda at {@code body} is a scope body whose opener rethrows what it throws, and
   * would still throw a single checked type with what the call throws added.
   */
  private static boolean rethrowsWith(
      TreePath body, DiscardedValue discarded, DeferApi api, VisitorState state) {
    LambdaExpressionTree lambda = (LambdaExpressionTree) body.getLeaf();
    MethodSymbol opener =
        api.openerOfBody(lambda, body, state).map(call -> getSymbol(call)).orElse(null);
    if (opener == null
        || opener.getThrownTypes().stream().noneMatch(t -> t.getKind() == TypeKind.TYPEVAR)) {
      return false;
    }
    Iterable<Type> thrown =
        Iterables.concat(
            ASTHelpers.getThrownExceptions(lambda.getBody(), state), discarded.thrown());
    return Exceptions.outermostChecked(ImmutableList.copyOf(thrown), state).size() <= 1;
  }
}
