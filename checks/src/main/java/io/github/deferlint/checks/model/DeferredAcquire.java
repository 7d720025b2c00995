package io.github.deferlint.checks.model;

import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isConsideredFinal;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.Sources;
import io.github.deferlint.checks.util.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The locks a deferred action acquires when it runs and does not release again itself: Go's {@code
 * defer mu.Lock()}, nearly always written for {@code defer mu.Unlock()}.
 *
 * @param site what acquires: the method reference registered ({@code lock::lock}), or the call in
 *     the action's code ({@code lock.lock()})
 * @param lock the lock acquired: the reference's receiver, the argument an unbound reference gets,
 *     or the call's receiver
 * @param acquire which acquire it is, and its release
 * @param permits the count of permits a semaphore's acquire takes, where it is given
 */
public record DeferredAcquire(
    ExpressionTree site,
    ExpressionTree lock,
    Locks.Acquire acquire,
    @Nullable ExpressionTree permits) {

  /**
   * The acquires that the action of {@code registration} (at {@code registrationPath}) makes and
   * does not undo: a method reference to an acquire, or the acquires in a lambda's or anonymous
   * class's own code of locks that the same code does not release. An action that releases a lock
   * and takes it again ({@code () -> { lock.unlock(); ...; lock.lock(); }}) means to hold it when
   * it is done, and one that defers the release ({@code () -> { lock.lock();
   * scope.defer(lock::unlock); ...}}) has it released right after it, by its scope; acquires in
   * code nested in the action run at another time and are left out.
   */
  public static ImmutableList<DeferredAcquire> of(
      Registration registration, TreePath registrationPath, VisitorState state) {
    ExpressionTree action = stripParentheses(registration.action());
    if (action instanceof MemberReferenceTree reference) {
      Optional<Locks.Acquire> acquire = Locks.acquireOf(getSymbol(reference), state);
      List<? extends ExpressionTree> values = registration.values();
      boolean unbound = Functions.isUnbound(reference);
      ExpressionTree lock =
          unbound ? values.stream().findFirst().orElse(null) : reference.getQualifierExpression();
      ExpressionTree permits =
          values.size() > (unbound ? 1 : 0) ? values.get(unbound ? 1 : 0) : null;
      return acquire.isEmpty() || lock == null
          ? ImmutableList.of()
          : ImmutableList.of(new DeferredAcquire(reference, lock, acquire.get(), permits));
    }
    return InlineAction.of(action, registrationPath, state)
        .map(inline -> unreleasedAcquires(inline.code(), state))
        .orElse(ImmutableList.of());
  }

  private static ImmutableList<DeferredAcquire> unreleasedAcquires(Tree code, VisitorState state) {
    List<DeferredAcquire> acquires = new ArrayList<>();
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        ExpressionTree receiver = getReceiver(call);
        if (receiver != null) {
          ExpressionTree permits =
              call.getArguments().isEmpty() ? null : call.getArguments().get(0);
          Locks.acquireOf(call, state)
              .ifPresent(
                  acquire -> acquires.add(new DeferredAcquire(call, receiver, acquire, permits)));
        }
        return super.visitMethodInvocation(call, null);
      }
    }.scan(code, null);
    if (acquires.isEmpty()) {
      return ImmutableList.of();
    }
    List<ExpressionTree> released = releasedLocks(code, state);
    return acquires.stream()
        .filter(a -> released.stream().noneMatch(r -> sameLock(a.lock(), r, state)))
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * The locks that {@code code} releases, or hands a release of to other code: {@code
   * lock.unlock()}, and {@code lock::unlock} or {@code () -> lock.unlock()} given to a scope.
   */
  private static List<ExpressionTree> releasedLocks(Tree code, VisitorState state) {
    List<ExpressionTree> released = new ArrayList<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        ExpressionTree receiver = getReceiver(call);
        if (receiver != null && Locks.isRelease(getSymbol(call), state)) {
          released.add(receiver);
        }
        return super.visitMethodInvocation(call, null);
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
        if (!Functions.isUnbound(reference) && Locks.isRelease(getSymbol(reference), state)) {
          released.add(reference.getQualifierExpression());
        }
        return super.visitMemberReference(reference, null);
      }
    }.scan(code, null);
    return released;
  }

  /**
   * The acquire of the same lock in the statement right before the registration at {@code
   * registrationPath}: {@code lock.lock(); scope.defer(lock::lock);}, Go's {@code mu.Lock(); defer
   * mu.Lock()}.
   */
  public Optional<MethodInvocationTree> acquiredJustBefore(
      TreePath registrationPath, VisitorState state) {
    TreePath statement = registrationPath.getParentPath();
    if (statement == null
        || !(statement.getLeaf() instanceof ExpressionStatementTree)
        || !(statement.getParentPath().getLeaf() instanceof BlockTree block)) {
      return Optional.empty();
    }
    int index = block.getStatements().indexOf((StatementTree) statement.getLeaf());
    if (index <= 0
        || !(block.getStatements().get(index - 1) instanceof ExpressionStatementTree previous)
        || !(stripParentheses(previous.getExpression()) instanceof MethodInvocationTree call)) {
      return Optional.empty();
    }
    ExpressionTree receiver = getReceiver(call);
    return receiver != null
            && Locks.acquireOf(call, state).filter(acquire::equals).isPresent()
            && sameLock(receiver, lock, state)
        ? Optional.of(call)
        : Optional.empty();
  }

  /**
   * Whether the code around the registration at {@code registrationPath} released the lock before
   * it, in its own code: {@code lock.unlock(); scope.defer(lock::lock);}, Go's {@code mu.Unlock();
   * defer mu.Lock()}, which lets the lock go for the rest of the scope and takes it back for the
   * caller who holds it.
   */
  public boolean releasedBefore(TreePath registrationPath, VisitorState state) {
    Tree body = null;
    for (TreePath path = registrationPath;
        path != null && body == null;
        path = path.getParentPath()) {
      if (path.getLeaf() instanceof LambdaExpressionTree lambda) {
        body = lambda.getBody();
      } else if (path.getLeaf() instanceof MethodTree method) {
        body = method.getBody();
      }
    }
    if (body == null) {
      return false;
    }
    int registered = getStartPosition(registrationPath.getLeaf());
    boolean[] released = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        ExpressionTree receiver = getReceiver(call);
        released[0] |=
            getStartPosition(call) < registered
                && receiver != null
                && Locks.isRelease(getSymbol(call), state)
                && sameLock(receiver, lock, state);
        return super.visitMethodInvocation(call, null);
      }
    }.scan(body, null);
    return released[0];
  }

  /**
   * Whether the acquire waits for others rather than guards: the lock is a semaphore in a final
   * variable of this file, created with no permits, or with as many as the acquire takes (see
   * {@link Locks#waitsForOthers}).
   */
  public boolean waitsForOthers(VisitorState state) {
    VarSymbol variable = Variables.variableNamed(lock);
    if (acquire.kind() != Locks.Kind.SEMAPHORE
        || variable == null
        || !isConsideredFinal(variable)) {
      return false;
    }
    boolean[] waits = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree declaration, Void unused) {
        waits[0] |=
            variable.equals(getSymbol(declaration))
                && declaration.getInitializer() != null
                && Locks.waitsForOthers(
                    stripParentheses(declaration.getInitializer()), permits, state);
        return super.visitVariable(declaration, null);
      }
    }.scan(state.getPath().getCompilationUnit(), null);
    return waits[0];
  }

  /**
   * Whether {@code a} and {@code b} denote the same lock: the same variable, or the same source
   * ({@code rw.writeLock()} twice).
   */
  static boolean sameLock(ExpressionTree a, ExpressionTree b, VisitorState state) {
    VarSymbol first = Variables.variableNamed(a);
    if (first != null) {
      return first.equals(Variables.variableNamed(b));
    }
    return Sources.sameSource(a, b, state);
  }
}
