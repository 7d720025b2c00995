package io.github.deferlint.checks.util;

import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The values a switch expression can take, as the arms of {@code ?:} are the values of a
 * conditional: {@code case A -> value} and the {@code yield value} of a block.
 */
public final class SwitchResults {
  private SwitchResults() {}

  /** The expressions whose value {@code choice} takes: its arms' and its blocks' yields. */
  public static List<ExpressionTree> of(SwitchExpressionTree choice) {
    List<ExpressionTree> results = new ArrayList<>();
    for (CaseTree arm : choice.getCases()) {
      if (arm.getBody() instanceof ExpressionTree value) {
        results.add(value);
      } else if (arm.getBody() != null) {
        new TreeScanner<Void, Void>() {
          @Override
          public Void visitYield(YieldTree yield, Void unused) {
            results.add(yield.getValue());
            return null;
          }

          // Their yields are theirs, and their code runs elsewhere.
          @Override
          public @Nullable Void visitSwitchExpression(SwitchExpressionTree inner, Void unused) {
            return null;
          }

          @Override
          public @Nullable Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
            return null;
          }

          @Override
          public @Nullable Void visitClass(ClassTree type, Void unused) {
            return null;
          }
        }.scan(arm.getBody(), null);
      }
    }
    return results;
  }

  /**
   * The switch expression whose value the expression at {@code path} becomes, as {@code case A ->
   * value} or {@code yield value}; null if it is neither.
   */
  public static @Nullable TreePath yieldedBy(TreePath path) {
    TreePath parent = path.getParentPath();
    if (parent.getLeaf() instanceof CaseTree arm
        && arm.getBody() == path.getLeaf()
        && parent.getParentPath().getLeaf() instanceof SwitchExpressionTree) {
      return parent.getParentPath();
    }
    if (!(parent.getLeaf() instanceof YieldTree)) {
      return null;
    }
    for (TreePath outer = parent.getParentPath(); outer != null; outer = outer.getParentPath()) {
      Tree leaf = outer.getLeaf();
      if (leaf instanceof SwitchExpressionTree) {
        return outer;
      }
      if (leaf instanceof LambdaExpressionTree || leaf instanceof ClassTree) {
        return null;
      }
    }
    return null;
  }
}
