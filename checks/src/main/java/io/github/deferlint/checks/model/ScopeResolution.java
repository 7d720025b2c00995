package io.github.deferlint.checks.model;

import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isConsideredFinal;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import io.github.deferlint.checks.model.ScopeRef.Shape;
import io.github.deferlint.checks.util.OwnCode;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Which scope a variable holds, for {@link DeferApi#resolveScope}: a parameter given the scope, or
 * a local closed at the end of a {@code try}, followed through effectively final local aliases.
 */
final class ScopeResolution {
  private static final int MAX_ALIASES = 8;

  private final DeferApi api;

  ScopeResolution(DeferApi api) {
    this.api = api;
  }

  Optional<ScopeRef> resolve(ExpressionTree expression, TreePath path, VisitorState state) {
    Symbol symbol = getSymbol(expression);
    for (int aliases = 0;
        aliases < MAX_ALIASES && symbol instanceof VarSymbol variable;
        aliases++) {
      if (!api.isScopeType(variable.type, state)) {
        return Optional.empty();
      }
      switch (variable.getKind()) {
        case PARAMETER -> {
          return declaringParameter(variable, path, state);
        }
        case RESOURCE_VARIABLE -> {
          return closingTry(variable, path);
        }
        case LOCAL_VARIABLE -> {
          if (!isConsideredFinal(variable)) {
            return Optional.empty();
          }
          ExpressionTree initializer = localInitializer(variable, path);
          Symbol initial = initializer == null ? null : getSymbol(stripParentheses(initializer));
          if (!(initial instanceof VarSymbol)) {
            return closingTry(variable, path);
          }
          symbol = initial; // An alias: Scope s = scope;
        }
        default -> {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private Optional<ScopeRef> declaringParameter(
      VarSymbol parameter, TreePath path, VisitorState state) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      List<? extends VariableTree> parameters;
      if (leaf instanceof LambdaExpressionTree lambda) {
        parameters = lambda.getParameters();
      } else if (leaf instanceof MethodTree method) {
        parameters = method.getParameters();
      } else {
        continue;
      }
      if (parameters.stream().anyMatch(p -> parameter.equals(getSymbol(p)))) {
        Optional<MethodInvocationTree> opener = api.openerOfBody(leaf, current, state);
        return Optional.of(
            new ScopeRef(
                parameter,
                opener.isPresent() ? Shape.INLINE_BODY : Shape.HANDED_IN,
                leaf,
                opener.orElse(null)));
      }
    }
    return Optional.empty();
  }

  /**
   * The {@code try} around {@code path} at whose end {@code local} is closed: the one declaring it
   * as a resource ({@code try (Closer closer = Closer.create())}) or naming it as one ({@code try
   * (closer)}), or one whose {@code finally} calls {@code local.close()} (Guava's documented idiom,
   * {@code Closer closer = Closer.create(); try { ... } finally { closer.close(); }}). A local that
   * is returned or stored instead is no scope: nothing shows when it ends.
   */
  private static Optional<ScopeRef> closingTry(VarSymbol local, TreePath path) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof ClassTree || leaf instanceof MethodTree) {
        return Optional.empty();
      }
      if (leaf instanceof TryTree attempt
          && (isResource(local, attempt) || closesIn(local, attempt))) {
        return Optional.of(new ScopeRef(local, Shape.TRY_LOCAL, attempt, attempt));
      }
    }
    return Optional.empty();
  }

  private static boolean isResource(VarSymbol local, TryTree attempt) {
    return attempt.getResources().stream()
        .anyMatch(
            resource ->
                local.equals(
                    getSymbol(
                        resource instanceof ExpressionTree expression
                            ? stripParentheses(expression)
                            : resource)));
  }

  /** Whether the {@code finally} of {@code attempt} calls {@code local.close()} in its own code. */
  private static boolean closesIn(VarSymbol local, TryTree attempt) {
    BlockTree cleanup = attempt.getFinallyBlock();
    if (cleanup == null) {
      return false;
    }
    boolean[] closes = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        ExpressionTree receiver = getReceiver(call);
        closes[0] |=
            call.getArguments().isEmpty()
                && getSymbol(call) != null
                && getSymbol(call).getSimpleName().contentEquals("close")
                && receiver != null
                && local.equals(getSymbol(stripParentheses(receiver)));
        return super.visitMethodInvocation(call, null);
      }
    }.scan(cleanup, null);
    return closes[0];
  }

  /**
   * The initializer of local {@code variable}, found in the code around {@code path}: first among
   * the statements of the blocks around it, where a local used there is nearly always declared,
   * then anywhere in the method (a {@code for} loop's initializer, a {@code switch} case).
   */
  private static @Nullable ExpressionTree localInitializer(VarSymbol variable, TreePath path) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof ClassTree) {
        break;
      }
      if (leaf instanceof BlockTree block) {
        for (StatementTree statement : block.getStatements()) {
          if (statement instanceof VariableTree declaration
              && variable.equals(getSymbol(declaration))) {
            return declaration.getInitializer();
          }
        }
      }
    }
    Tree body = enclosingExecutable(path);
    if (body == null) {
      return null;
    }
    ExpressionTree[] found = new ExpressionTree[1];
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        if (variable.equals(getSymbol(tree))) {
          found[0] = tree.getInitializer();
        }
        return super.visitVariable(tree, null);
      }
    }.scan(body, null);
    return found[0];
  }

  /** The outermost method, or else lambda, around {@code path}: where its locals live. */
  private static @Nullable Tree enclosingExecutable(TreePath path) {
    Tree result = null;
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof MethodTree || leaf instanceof LambdaExpressionTree) {
        result = leaf;
      }
      if (leaf instanceof ClassTree) {
        break;
      }
    }
    return result;
  }
}
