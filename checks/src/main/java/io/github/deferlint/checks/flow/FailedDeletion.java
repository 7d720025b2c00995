package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol;
import io.github.deferlint.checks.model.JvmLifetimeApi;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
   * The {@code if} around {@code registration} that tests whether deleting another file failed
   * ({@code if (!index.delete()) pack.deleteOnExit();}, JGit's copy-paste slip in {@code
   * ObjectDirectoryPackParser}), with that file; empty if there is none.
   */
  public static Optional<OtherFile> lastResortOfAnother(
      ExpressionTree file, TreePath registration, VisitorState state) {
    Symbol variable = JvmLifetimeApi.fileVariable(file);
    Tree child = registration.getLeaf();
    for (TreePath current = registration.getParentPath();
        variable != null
            && current != null
            && !(current.getLeaf() instanceof MethodTree)
            && !(current.getLeaf() instanceof LambdaExpressionTree);
        child = current.getLeaf(), current = current.getParentPath()) {
      if (current.getLeaf() instanceof IfTree test && test.getThenStatement() == child) {
        Optional<ExpressionTree> other =
            failedDeletionOfAnother(test.getCondition(), variable, state);
        if (other.isPresent()) {
          return Optional.of(new OtherFile(test, other.get()));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * An {@code if} that tests the deletion of {@code file}, another file than the one registered.
   */
  public record OtherFile(IfTree test, ExpressionTree file) {}

  private static Optional<ExpressionTree> failedDeletionOfAnother(
      ExpressionTree condition, Symbol registered, VisitorState state) {
    for (ExpressionTree negated : negatedConjuncts(condition)) {
      if (negated instanceof MethodInvocationTree delete) {
        ExpressionTree deleted =
            delete.getArguments().isEmpty()
                ? ASTHelpers.getReceiver(delete)
                : delete.getArguments().size() == 1 ? delete.getArguments().get(0) : null;
        if (deleted == null) {
          continue;
        }
        Symbol other = JvmLifetimeApi.fileVariable(deleted);
        if (other != null
            && !other.equals(registered)
            && JvmLifetimeApi.deletesNow(delete, other, state)) {
          return Optional.of(deleted);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code condition} holds when deleting {@code file} now fails: {@code !file.delete()},
   * also as one operand of {@code &&}.
   */
  private static boolean deletionFailed(ExpressionTree condition, Symbol file, VisitorState state) {
    return negatedConjuncts(condition).stream().anyMatch(negated -> deleted(negated, file, state));
  }

  /**
   * The {@code x} of each {@code !x} that {@code condition} is, or is an operand of {@code &&} of.
   */
  private static List<ExpressionTree> negatedConjuncts(ExpressionTree condition) {
    ExpressionTree test = stripParentheses(condition);
    if (test instanceof BinaryTree both && test.getKind() == Tree.Kind.CONDITIONAL_AND) {
      List<ExpressionTree> negated = new ArrayList<>(negatedConjuncts(both.getLeftOperand()));
      negated.addAll(negatedConjuncts(both.getRightOperand()));
      return negated;
    }
    return test instanceof UnaryTree not && test.getKind() == Tree.Kind.LOGICAL_COMPLEMENT
        ? List.of(stripParentheses(not.getExpression()))
        : List.of();
  }

  /**
   * Whether {@code condition} is the outcome of deleting {@code file} now: the call itself, an
   * effectively final local initialized with it ({@code boolean deleted = file.delete();}), or a
   * local flag set once the deletion is done (see {@link #setOnlyAfterDeleting}).
   */
  private static boolean deleted(ExpressionTree condition, Symbol file, VisitorState state) {
    ExpressionTree test = stripParentheses(condition);
    if (JvmLifetimeApi.triesToDeleteNow(test, file, state)) {
      return true;
    }
    Symbol outcome = getSymbol(test);
    if (!(test instanceof IdentifierTree) || outcome == null || !Variables.isLocal(outcome)) {
      return false;
    }
    ExpressionTree initializer = ControlFlow.localInitializer(outcome, state.getPath());
    if (initializer == null) {
      return false;
    }
    if (ASTHelpers.isConsideredFinal(outcome)) {
      return JvmLifetimeApi.triesToDeleteNow(stripParentheses(initializer), file, state);
    }
    return isFalse(initializer) && setOnlyAfterDeleting(outcome, file, state);
  }

  /**
   * Whether every assignment to {@code flag} in the method is {@code flag = true} after a statement
   * of the same block that deletes {@code file}: {@code boolean deleted = false; try {
   * Files.delete(path); deleted = true; } catch (..) {..}} (Solr's {@code UpdateLog.deleteFile}).
   */
  private static boolean setOnlyAfterDeleting(Symbol flag, Symbol file, VisitorState state) {
    TreePath method = state.getPath();
    while (method != null && !(method.getLeaf() instanceof MethodTree)) {
      method = method.getParentPath();
    }
    if (method == null) {
      return false;
    }
    boolean[] assigned = {false};
    boolean[] otherwise = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree assignment, Void unused) {
        if (flag.equals(getSymbol(assignment.getVariable()))) {
          assigned[0] = true;
          otherwise[0] |= !isTrue(assignment.getExpression()) || !afterDeleting(getCurrentPath());
        }
        return super.visitAssignment(assignment, null);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree assignment, Void unused) {
        otherwise[0] |= flag.equals(getSymbol(assignment.getVariable()));
        return super.visitCompoundAssignment(assignment, null);
      }

      private boolean afterDeleting(TreePath assignment) {
        TreePath statement = assignment.getParentPath();
        if (!(statement.getParentPath().getLeaf() instanceof BlockTree block)) {
          return false;
        }
        for (StatementTree before : block.getStatements()) {
          if (before == statement.getLeaf()) {
            return false;
          }
          if (deletesWithin(before, file, state)) {
            return true;
          }
        }
        return false;
      }
    }.scan(method, null);
    return assigned[0] && !otherwise[0];
  }

  private static boolean isFalse(ExpressionTree value) {
    return Boolean.FALSE.equals(ASTHelpers.constValue(stripParentheses(value)));
  }

  private static boolean isTrue(ExpressionTree value) {
    return Boolean.TRUE.equals(ASTHelpers.constValue(stripParentheses(value)));
  }

  /** Whether {@code code} deletes {@code file}, outside any lambda or class in it. */
  private static boolean deletesWithin(Tree code, Symbol file, VisitorState state) {
    boolean[] deletes = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        deletes[0] |= JvmLifetimeApi.deletesNow(call, file, state);
        return super.visitMethodInvocation(call, null);
      }
    }.scan(code, null);
    return deletes[0];
  }
}
