package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.EmptyStatementTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether a {@code finally} cleans up after a statement on every path: the statement sits in the
 * body of a {@code try} whose {@code finally} runs the cleanup, or the very next statement is such
 * a {@code try}. The cleanup counts where the {@code finally} evaluates it before anything else,
 * which could throw or leave the block and skip it: as its first statement ({@code
 * file.delete();}), the condition of it ({@code if (!file.delete()) log(...);}) or its initializer
 * ({@code boolean deleted = file.delete();}).
 */
public final class FinallyCleanup {
  private FinallyCleanup() {}

  /**
   * The {@code finally} block that runs an expression for which {@code cleans} holds after the
   * statement at {@code statement} on every path, if there is one.
   */
  public static Optional<BlockTree> after(TreePath statement, Predicate<Tree> cleans) {
    Tree child = statement.getLeaf();
    TreePath parent = statement.getParentPath();
    if (parent != null && parent.getLeaf() instanceof BlockTree block) {
      List<? extends StatementTree> statements = block.getStatements();
      int next = statements.indexOf(child) + 1;
      if (next > 0
          && next < statements.size()
          && statements.get(next) instanceof TryTree following
          && runs(following.getFinallyBlock(), cleans)) {
        return Optional.of(following.getFinallyBlock());
      }
    }
    Tree inner = null;
    for (TreePath current = statement;
        current != null;
        inner = current.getLeaf(), current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof MethodTree
          || leaf instanceof LambdaExpressionTree
          || leaf instanceof ClassTree) {
        return Optional.empty();
      }
      if (leaf instanceof TryTree around
          && inner == around.getBlock()
          && runs(around.getFinallyBlock(), cleans)) {
        return Optional.of(around.getFinallyBlock());
      }
    }
    return Optional.empty();
  }

  private static boolean runs(BlockTree finallyBlock, Predicate<Tree> cleans) {
    if (finallyBlock == null) {
      return false;
    }
    StatementTree first =
        finallyBlock.getStatements().stream()
            .filter(statement -> !(statement instanceof EmptyStatementTree))
            .findFirst()
            .orElse(null);
    ExpressionTree evaluated =
        first instanceof ExpressionStatementTree expression
            ? expression.getExpression()
            : first instanceof IfTree test
                ? test.getCondition()
                : first instanceof VariableTree variable ? variable.getInitializer() : null;
    return evaluated != null && cleans.test(withoutNegation(evaluated));
  }

  private static ExpressionTree withoutNegation(ExpressionTree tree) {
    ExpressionTree stripped = stripParentheses(tree);
    return stripped instanceof UnaryTree not && stripped.getKind() == Tree.Kind.LOGICAL_COMPLEMENT
        ? withoutNegation(not.getExpression())
        : stripped;
  }
}
