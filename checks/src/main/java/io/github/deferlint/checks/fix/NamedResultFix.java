package io.github.deferlint.checks.fix;

import static com.google.errorprone.util.ASTHelpers.getEnclosedElements;
import static com.google.errorprone.util.ASTHelpers.getType;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.fixes.SuggestedFixes;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.model.ApiWords.StaticMethod;
import io.github.deferlint.checks.model.InlineBody;
import io.github.deferlint.checks.util.SourceEdits;
import java.util.Optional;

/**
 * RecoveredCallReturnsNull's fix, where the caller unboxes the value: {@code Defer.call(scope ->
 * ...)} rewritten as {@code Defer.named(0, (scope, result) -> ...)}, which returns the zero value
 * of the primitive the caller unboxes to after a recovery, as Go returns its zero values, and the
 * body's value otherwise, as before. Offered where the API has such an opener taking the initial
 * value and the body, and the opener is called without explicit type arguments. The parameters are
 * written without their types, which the named opener infers.
 */
public final class NamedResultFix {
  private NamedResultFix() {}

  /** The fix for {@code body} (at {@code bodyPath}), whose value is unboxed, where it is safe. */
  public static Optional<SuggestedFix> offer(
      InlineBody body, TreePath bodyPath, StaticMethod named, VisitorState state) {
    LambdaExpressionTree lambda = body.lambda();
    Optional<String> zero = zeroValue(getType(body.opener()), state);
    if (zero.isEmpty()
        || !takesInitialAndBody(named, state)
        || !body.opener().getTypeArguments().isEmpty()
        || lambda.getParameters().size() != 1) {
      return Optional.empty();
    }
    VariableTree scope = lambda.getParameters().get(0);
    String result = SourceEdits.freshName(bodyPath, state, "result");
    boolean parenthesized = state.getSourceForNode(lambda).startsWith("(");
    String parameters = scope.getName() + ", " + result;
    SuggestedFix.Builder fix = SuggestedFix.builder();
    String opener = SuggestedFixes.qualifyType(state, fix, named.owner()) + "." + named.name();
    return Optional.of(
        fix.replace(body.opener().getMethodSelect(), opener)
            .prefixWith(lambda, zero.get() + ", ")
            .replace(scope, parenthesized ? parameters : "(" + parameters + ")")
            .build());
  }

  /** {@code 0}, {@code 0L}, {@code false}... for the boxed primitive {@code type}. */
  public static Optional<String> zeroValue(Type type, VisitorState state) {
    Type primitive = type == null ? null : state.getTypes().unboxedType(type);
    if (primitive == null) {
      return Optional.empty();
    }
    return switch (primitive.getKind()) {
      case INT -> Optional.of("0");
      case LONG -> Optional.of("0L");
      case DOUBLE -> Optional.of("0.0");
      case FLOAT -> Optional.of("0f");
      case SHORT -> Optional.of("(short) 0");
      case BYTE -> Optional.of("(byte) 0");
      case CHAR -> Optional.of("'\\0'");
      case BOOLEAN -> Optional.of("false");
      default -> Optional.empty();
    };
  }

  /** Whether {@code named} is {@code named(initial, body)}: two parameters, the body last. */
  private static boolean takesInitialAndBody(StaticMethod named, VisitorState state) {
    Symbol owner = state.getSymbolFromString(named.owner());
    if (!(owner instanceof ClassSymbol type)) {
      return false;
    }
    return getEnclosedElements(type).stream()
        .anyMatch(
            member ->
                member instanceof MethodSymbol method
                    && method.isStatic()
                    && method.getSimpleName().contentEquals(named.name())
                    && method.getParameters().size() == 2);
  }
}
