package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import io.github.deferlint.checks.model.JvmLifetimeApi;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.Variables;

/**
 * Where code registers a file for deletion at exit only because deleting it now just failed: the
 * last resort for a file that stays on disk anyway, registered only as often as deletion fails.
 */
public final class FailedDeletion {
  private FailedDeletion() {}

  /**
   * Whether the {@code deleteOnExit} of {@code file} at {@code registration} runs only when
   * deleting the file right away just failed: a last resort for a file that would stay on disk
   * anyway, kept only as often as deletion fails. That is {@code if (!file.delete())
   * file.deleteOnExit();} (also through a local that holds the outcome, or in the {@code else} of
   * {@code if (file.delete())}), and the {@code catch} of a {@code try} that deletes it ({@code try
   * { Files.delete(path); } catch (IOException e) { path.toFile().deleteOnExit(); }}).
   */
  public static boolean lastResort(ExpressionTree file, TreePath registration, VisitorState state) {
    Symbol variable = JvmLifetimeApi.fileVariable(file);
    if (variable == null) {
      return false;
    }
    Tree child = registration.getLeaf();
    for (TreePath current = registration.getParentPath();
        current != null
            && !(current.getLeaf() instanceof MethodTree)
            && !(current.getLeaf() instanceof LambdaExpressionTree);
        child = current.getLeaf(), current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof IfTree test
          && ((test.getThenStatement() == child
                  && deletionFailed(test.getCondition(), variable, state))
              || (test.getElseStatement() == child
                  && deleted(test.getCondition(), variable, state)))) {
        return true;
      }
      if (leaf instanceof CatchTree
          && current.getParentPath().getLeaf() instanceof TryTree attempt
          && deletesWithin(attempt.getBlock(), variable, state)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code condition} holds when deleting {@code file} now fails: {@code !file.delete()},
   * also as one operand of {@code &&}.
   */
  private static boolean deletionFailed(ExpressionTree condition, Symbol file, VisitorState state) {
    ExpressionTree test = stripParentheses(condition);
    if (test instanceof BinaryTree both && test.getKind() == Tree.Kind.CONDITIONAL_AND) {
      return deletionFailed(both.getLeftOperand(), file, state)
          || deletionFailed(both.getRightOperand(), file, state);
    }
    return test instanceof UnaryTree not
        && test.getKind() == Tree.Kind.LOGICAL_COMPLEMENT
        && deleted(not.getExpression(), file, state);
  }

  /**
   * Whether {@code condition} is the outcome of deleting {@code file} now: the call itself, or an
   * effectively final local initialized with it ({@code boolean deleted = file.delete();}).
   */
  private static boolean deleted(ExpressionTree condition, Symbol file, VisitorState state) {
    ExpressionTree test = stripParentheses(condition);
    if (JvmLifetimeApi.deletesNow(test, file, state)) {
      return true;
    }
    Symbol outcome = getSymbol(test);
    if (!(test instanceof IdentifierTree)
        || outcome == null
        || !Variables.isLocal(outcome)
        || !ASTHelpers.isConsideredFinal(outcome)) {
      return false;
    }
    ExpressionTree initializer = ControlFlow.localInitializer(outcome, state.getPath());
    return initializer != null
        && JvmLifetimeApi.deletesNow(stripParentheses(initializer), file, state);
  }

  /** Whether {@code block} deletes {@code file}, outside any lambda or class in it. */
  private static boolean deletesWithin(BlockTree block, Symbol file, VisitorState state) {
    boolean[] deletes = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        deletes[0] |= JvmLifetimeApi.deletesNow(call, file, state);
        return super.visitMethodInvocation(call, null);
      }
    }.scan(block, null);
    return deletes[0];
  }
}
