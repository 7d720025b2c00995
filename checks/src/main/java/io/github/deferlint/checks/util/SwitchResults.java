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
      results.addAll(ofArm(arm));
    }
    return results;
  }

  /**
   * The arm of {@code choice} whose code holds {@code tree}, by identity; null if none does (it is
   * in the selector, or elsewhere).
   */
  public static @Nullable CaseTree armHolding(SwitchExpressionTree choice, Tree tree) {
    for (CaseTree arm : choice.getCases()) {
      Boolean holds =
          new TreeScanner<Boolean, Void>() {
            @Override
            public Boolean scan(@Nullable Tree part, Void unused) {
              return part == tree || Boolean.TRUE.equals(super.scan(part, null));
            }

            @Override
            public Boolean reduce(@Nullable Boolean first, @Nullable Boolean second) {
              return Boolean.TRUE.equals(first) || Boolean.TRUE.equals(second);
            }
          }.scan(arm.getBody(), null);
      if (Boolean.TRUE.equals(holds)) {
        return arm;
      }
    }
    return null;
  }

  /** The expressions whose value the switch takes when {@code arm} is the one that runs. */
  public static List<ExpressionTree> ofArm(CaseTree arm) {
    List<ExpressionTree> results = new ArrayList<>();
    if (arm.getBody() instanceof ExpressionTree value) {
      results.add(value);
      return results;
    }
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public @Nullable Void visitYield(YieldTree yield, Void unused) {
        results.add(yield.getValue());
        return null;
      }

      // Its yields are its own.
      @Override
      public @Nullable Void visitSwitchExpression(SwitchExpressionTree inner, Void unused) {
        return null;
      }
    }.scan(arm.getBody(), null);
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
