package io.github.deferlint.checks.fix;

import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.sun.source.tree.ExpressionTree;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.util.Variables;
import java.util.List;
import java.util.Optional;

/**
 * DeferEagerArgument's fix: {@code scope.defer(fn, values...)} rewritten as {@code scope.defer(()
 * -> fn(values...))}, which evaluates everything when the action runs. Offered only where every
 * local it reads can be captured by a lambda, and where the call {@code fn} makes can be written
 * out.
 */
public final class LateEvaluationFix {
  private LateEvaluationFix() {}

  public static Optional<SuggestedFix> offer(Registration registration, VisitorState state) {
    List<? extends ExpressionTree> arguments = registration.call().getArguments();
    if (!arguments.stream().allMatch(Variables::capturableByLambda)) {
      return Optional.empty();
    }
    return DirectCall.source(stripParentheses(registration.action()), registration.values(), state)
        .map(
            call ->
                SuggestedFix.replace(
                    getStartPosition(arguments.get(0)),
                    state.getEndPosition(arguments.get(arguments.size() - 1)),
                    "() -> " + call));
  }
}
