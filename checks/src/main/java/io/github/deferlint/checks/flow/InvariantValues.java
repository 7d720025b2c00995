package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Whether an expression has the same value every time its code runs, as far as the source shows: so
 * that a registration keyed by that value (a path in {@code deleteOnExit}'s set) is kept once
 * however often it is made.
 *
 * <p>Invariant: compile-time constants, static final fields, an effectively final local initialized
 * with an invariant value, string concatenation of invariant values, and the file and path
 * constructors and methods of invariant arguments ({@code new File(DIR, "app.lock")}, {@code
 * Path.of(...)}, {@code Paths.get(...)}, {@code .toFile()}, {@code .resolve(...)}, {@code
 * .getAbsoluteFile()}, {@code .toPath()}). Anything else may differ: parameters, instance fields,
 * and the result of any other call ({@code File.createTempFile} above all).
 */
public final class InvariantValues {
  private static final ImmutableSet<String> PATH_METHODS =
      ImmutableSet.of("toFile", "toPath", "resolve", "getAbsoluteFile", "getAbsolutePath");
  private static final ImmutableSet<String> PATH_TYPES =
      ImmutableSet.of("java.io.File", "java.nio.file.Path", "java.nio.file.Paths");

  private InvariantValues() {}

  /** Whether {@code expression}, in the code at {@code path}, has the same value on every run. */
  public static boolean sameOnEveryRun(@Nullable ExpressionTree expression, TreePath path) {
    if (expression == null) {
      return false;
    }
    ExpressionTree tree = stripParentheses(expression);
    if (ASTHelpers.constValue(tree) != null) {
      return true;
    }
    if (tree instanceof TypeCastTree cast) {
      return sameOnEveryRun(cast.getExpression(), path);
    }
    if (tree instanceof BinaryTree binary && tree.getKind() == Tree.Kind.PLUS) {
      return sameOnEveryRun(binary.getLeftOperand(), path)
          && sameOnEveryRun(binary.getRightOperand(), path);
    }
    if (tree instanceof NewClassTree creation) {
      Symbol constructor = getSymbol(creation);
      return constructor != null
          && constructor.owner.getQualifiedName().contentEquals("java.io.File")
          && allSame(creation.getArguments(), path);
    }
    if (tree instanceof MethodInvocationTree call) {
      MethodSymbol method = getSymbol(call);
      if (method == null
          || !PATH_TYPES.contains(method.owner.getQualifiedName().toString())
          || !allSame(call.getArguments(), path)) {
        return false;
      }
      ExpressionTree receiver = getReceiver(call);
      return method.isStatic()
          ? method.getSimpleName().contentEquals("get")
              || method.getSimpleName().contentEquals("of")
          : PATH_METHODS.contains(method.getSimpleName().toString())
              && receiver != null
              && sameOnEveryRun(receiver, path);
    }
    Symbol symbol = getSymbol(tree);
    if (!(symbol instanceof VarSymbol variable)) {
      return false;
    }
    if (variable.getKind() == ElementKind.FIELD) {
      return variable.getModifiers().containsAll(Set.of(Modifier.STATIC, Modifier.FINAL));
    }
    return variable.getKind() == ElementKind.LOCAL_VARIABLE
        && ASTHelpers.isConsideredFinal(variable)
        && sameOnEveryRun(ControlFlow.localInitializer(variable, path), path);
  }

  private static boolean allSame(List<? extends ExpressionTree> expressions, TreePath path) {
    return expressions.stream().allMatch(expression -> sameOnEveryRun(expression, path));
  }
}
