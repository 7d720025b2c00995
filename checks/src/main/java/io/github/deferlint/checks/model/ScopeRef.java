package io.github.deferlint.checks.model;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import io.github.deferlint.checks.util.Sources;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A scope as the code holds it: the variable it lives in, the code during which it is open, and how
 * it got there. Two references denote the same scope when their variables are the same.
 *
 * @param variable the parameter or local the scope is held in
 * @param shape how the scope came to be in {@code variable}
 * @param region the code during which the scope is open, as far as this file shows: the lambda or
 *     method that declares {@code variable} as a parameter, or the {@code try} block at whose end
 *     the local is closed
 * @param opening what opens the scope right here: the opener call of an inline body, or the {@code
 *     try} statement of a local; null for a scope handed in by a caller
 */
public record ScopeRef(VarSymbol variable, Shape shape, Tree region, @Nullable Tree opening) {

  /** The ways the code holds a scope. */
  public enum Shape {
    /** The scope parameter of an opener's inline body ({@code Defer.run(scope -> ...)}). */
    INLINE_BODY,
    /** A parameter of a method or lambda, given the scope by a caller. */
    HANDED_IN,
    /**
     * A local closed at the end of a {@code try}: a try-with-resources resource, or a local closed
     * in the {@code finally} of the {@code try} that follows it (Guava's {@code Closer} idiom).
     */
    TRY_LOCAL
  }

  /** Whether the scope is opened by the code around its region rather than by a caller. */
  public boolean openedHere() {
    return opening != null;
  }

  public boolean sameScopeAs(ScopeRef other) {
    return variable.equals(other.variable);
  }

  /** The position of {@code variable} among the parameters of its region; -1 for a local. */
  public int parameterIndex() {
    List<? extends VariableTree> parameters =
        region instanceof LambdaExpressionTree lambda
            ? lambda.getParameters()
            : region instanceof MethodTree method ? method.getParameters() : List.of();
    for (int i = 0; i < parameters.size(); i++) {
      if (variable.equals(com.google.errorprone.util.ASTHelpers.getSymbol(parameters.get(i)))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether the code at {@code tree}, somewhere in the body around the region, may run while the
   * scope is open: anywhere for a parameter; for a local closed at the end of a {@code try}, in its
   * resources and block and, when the {@code finally} closes it, in its {@code catch} blocks.
   */
  public boolean mayBeOpenAt(Tree tree, VisitorState state) {
    if (shape != Shape.TRY_LOCAL) {
      return true;
    }
    TryTree attempt = (TryTree) region;
    List<Tree> open = new ArrayList<>(attempt.getResources());
    open.add(attempt.getBlock());
    if (attempt.getFinallyBlock() != null && attempt.getResources().isEmpty()) {
      open.addAll(attempt.getCatches());
    }
    return open.stream().anyMatch(part -> Sources.contains(part, tree, state));
  }

  public String name() {
    return variable.getSimpleName().toString();
  }
}
