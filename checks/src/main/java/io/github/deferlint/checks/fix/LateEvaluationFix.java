package io.github.deferlint.checks.fix;

import static com.google.errorprone.util.ASTHelpers.constValue;
import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isConsideredFinal;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.Variables;
import java.util.List;
import java.util.Optional;

/**
 * DeferEagerArgument's fix: {@code scope.defer(fn, values...)} rewritten as {@code scope.defer(()
 * -> fn(values...))}, which evaluates everything when the action runs. Offered only where every
 * local it reads can be captured by a lambda, where the call {@code fn} makes can be written out,
 * and where nothing but the value to evaluate late would change by it: the bound receiver and the
 * other values must give the same later as now (constants, {@code this}, effectively final locals,
 * final fields). A field or a call among them was meant as a snapshot, as Go evaluates {@code
 * phase} in {@code defer record(phase, time.Since(start))} at the {@code defer}.
 */
public final class LateEvaluationFix {
  private LateEvaluationFix() {}

  /**
   * The fix that evaluates {@code late}, one of the registration's values, when the action runs.
   */
  public static Optional<SuggestedFix> offer(
      Registration registration, ExpressionTree late, VisitorState state) {
    List<? extends ExpressionTree> arguments = registration.call().getArguments();
    if (!arguments.stream().allMatch(Variables::capturableByLambda)
        || !Functions.boundReceiver(registration.action()).stream()
            .allMatch(LateEvaluationFix::sameWhenLate)
        || !registration.values().stream()
            .allMatch(value -> value == late || sameWhenLate(value))) {
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

  /**
   * Whether {@code value} evaluates to the same whenever it is evaluated in the scope: a constant,
   * {@code this}, or a variable that cannot be assigned again (an effectively final local, a final
   * field).
   */
  private static boolean sameWhenLate(ExpressionTree value) {
    ExpressionTree tree = stripParentheses(value);
    while (tree instanceof TypeCastTree cast) {
      tree = stripParentheses(cast.getExpression());
    }
    if (tree instanceof LiteralTree || constValue(tree) != null) {
      return true;
    }
    if (!(tree instanceof IdentifierTree) && !(tree instanceof MemberSelectTree)) {
      return false;
    }
    Symbol symbol = getSymbol(tree);
    return symbol instanceof VarSymbol variable
        && (variable.getSimpleName().contentEquals("this")
            || (Variables.isLocal(variable)
                ? isConsideredFinal(variable)
                : (variable.flags() & Flags.FINAL) != 0))
        && (!(tree instanceof MemberSelectTree select)
            || sameWhenLate(select.getExpression())
            || variable.isStatic());
  }
}
