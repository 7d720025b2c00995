package io.github.deferlint.checks.fix;

import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.getType;
import static com.google.errorprone.util.ASTHelpers.isStatic;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.util.Functions;
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
    return directCall(stripParentheses(registration.action()), registration.values(), state)
        .map(
            call ->
                SuggestedFix.replace(
                    getStartPosition(arguments.get(0)),
                    state.getEndPosition(arguments.get(arguments.size() - 1)),
                    "() -> " + call));
  }

  /** The call that {@code action} applied to {@code values} makes, as source text. */
  private static Optional<String> directCall(
      ExpressionTree action, List<? extends ExpressionTree> values, VisitorState state) {
    List<String> sources = values.stream().map(state::getSourceForNode).toList();
    if (action instanceof IdentifierTree && Variables.isLocal(getSymbol(action))) {
      // A local holding the action: call its functional method, whatever the API names it.
      Type type = getType(action);
      MethodSymbol functional = type == null ? null : Functions.functionalMethod(type, state);
      return Optional.ofNullable(functional)
          .map(
              method ->
                  state.getSourceForNode(action)
                      + "."
                      + method.getSimpleName()
                      + "("
                      + String.join(", ", sources)
                      + ")");
    }
    if (!(action instanceof MemberReferenceTree reference)
        || reference.getMode() != MemberReferenceTree.ReferenceMode.INVOKE
        || reference.getTypeArguments() != null) {
      return Optional.empty();
    }
    Symbol method = getSymbol(reference);
    String qualifier = state.getSourceForNode(reference.getQualifierExpression());
    String name = reference.getName().toString();
    boolean typeQualified = Functions.boundReceiver(reference).isEmpty();
    if (typeQualified && !isStatic(method)) {
      // Type::instanceMethod: the first value is the receiver.
      if (sources.isEmpty()) {
        return Optional.empty();
      }
      String receiver =
          values.get(0) instanceof IdentifierTree ? sources.get(0) : "(" + sources.get(0) + ")";
      return Optional.of(
          receiver
              + "."
              + name
              + "("
              + String.join(", ", sources.subList(1, sources.size()))
              + ")");
    }
    return Optional.of(qualifier + "." + name + "(" + String.join(", ", sources) + ")");
  }
}
