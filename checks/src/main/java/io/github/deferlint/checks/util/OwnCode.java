package io.github.deferlint.checks.util;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Scanners of a body's own code: the code that runs where it stands, as its control-flow graph
 * holds it. They do not enter nested lambdas and classes, whose code runs later, elsewhere, or
 * never; so start them at the code (a lambda's or method's body), not at the lambda or method.
 */
public final class OwnCode {
  private OwnCode() {}

  /** A {@link TreeScanner} that does not enter nested lambdas and classes. */
  public abstract static class Scanner<R, P> extends TreeScanner<R, P> {
    @Override
    public @Nullable R visitLambdaExpression(LambdaExpressionTree lambda, P p) {
      return null;
    }

    @Override
    public @Nullable R visitClass(ClassTree type, P p) {
      return null;
    }
  }

  /** A {@link TreePathScanner} that does not enter nested lambdas and classes. */
  public abstract static class PathScanner<R, P> extends TreePathScanner<R, P> {
    @Override
    public @Nullable R visitLambdaExpression(LambdaExpressionTree lambda, P p) {
      return null;
    }

    @Override
    public @Nullable R visitClass(ClassTree type, P p) {
      return null;
    }
  }

  /**
   * A path scanner told of every write in the code: assignments, compound assignments, increments
   * and decrements.
   */
  public abstract static class WriteScanner extends PathScanner<Void, Void> {
    /** {@code site} writes {@code target}; the current path leads to {@code site}. */
    protected abstract void written(Tree site, ExpressionTree target);

    @Override
    public Void visitAssignment(AssignmentTree assignment, Void unused) {
      written(assignment, assignment.getVariable());
      return super.visitAssignment(assignment, null);
    }

    @Override
    public Void visitCompoundAssignment(CompoundAssignmentTree assignment, Void unused) {
      written(assignment, assignment.getVariable());
      return super.visitCompoundAssignment(assignment, null);
    }

    @Override
    public Void visitUnary(UnaryTree unary, Void unused) {
      switch (unary.getKind()) {
        case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
            written(unary, unary.getExpression());
        default -> {}
      }
      return super.visitUnary(unary, null);
    }
  }
}
