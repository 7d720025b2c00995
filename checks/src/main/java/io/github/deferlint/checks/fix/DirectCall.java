package io.github.deferlint.checks.fix;

import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.getType;
import static com.google.errorprone.util.ASTHelpers.isStatic;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.Variables;
import java.util.List;
import java.util.Optional;

/**
 * The call a registered action makes with the registration's values, written out: what {@code
 * scope.defer(fn, values...)} calls when the scope ends, for fixes that make that call elsewhere.
 */
public final class DirectCall {
  private DirectCall() {}

  /**
   * The call that {@code action} applied to {@code values} makes, as source text: {@code
   * fn.run(values)} for a local {@code fn}, {@code qualifier.method(values)} for a method
   * reference, {@code first.method(rest)} for {@code Type::instanceMethod}; empty for other
   * actions.
   */
  public static Optional<String> source(
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
