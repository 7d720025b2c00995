package io.github.deferlint.checks.fix;

import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.getSymbol;

import com.google.errorprone.VisitorState;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.fixes.SuggestedFixes;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.flow.IterationEscapes;
import io.github.deferlint.checks.flow.Loops;
import io.github.deferlint.checks.flow.Loops.Loop;
import io.github.deferlint.checks.model.ApiWords;
import io.github.deferlint.checks.model.ApiWords.StaticMethod;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.Execution;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.model.ScopeRef;
import io.github.deferlint.checks.util.Exceptions;
import io.github.deferlint.checks.util.Jumps;
import io.github.deferlint.checks.util.SourceEdits;
import io.github.deferlint.checks.util.Variables;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * DeferInLoop's fix: the loop body gets a scope of its own, and its registrations on the outer
 * scope move to it, so that each iteration's actions run when the iteration ends. In the API's own
 * form: {@code Defer.run(it -> { ... })} for a scope opened by a lambda, {@code try (Closer it =
 * Closer.create()) { ... }} for one closed at the end of a {@code try}.
 *
 * <p>Offered on the first of the body's registrations only, so that applying every finding's fix
 * wraps the body once; and only where the wrapped code compiles and does what the loop did,
 * iteration by iteration:
 *
 * <ul>
 *   <li>the body is a block; in a lambda, no {@code break}, {@code continue} or {@code return}
 *       leaves it (a {@code forEach} lambda's {@code return} ends the element either way);
 *   <li>the body uses the outer scope only to register on it, directly in its own code, and
 *       registers on no other scope from outside (that one's fix would wrap the same body);
 *   <li>every registration is followed by more work in the iteration: a registration that ends the
 *       iteration ({@code lock.lock(); scope.defer(lock::unlock);}) may hold on purpose until the
 *       scope ends, and wrapping would release it at once;
 *   <li>nothing registered is kept beyond the iteration (stored outside, captured for later);
 *   <li>in a lambda, the locals the body uses from outside are effectively final, and the body
 *       throws the checked exceptions the opener can rethrow; in a {@code try}, what the scope's
 *       {@code close()} throws is handled where the body is.
 * </ul>
 */
public final class PerIterationScopeFix {
  private final DeferApi api;
  private final VisitorState state;

  private PerIterationScopeFix(DeferApi api, VisitorState state) {
    this.api = api;
    this.state = state;
  }

  /** The fix for {@code registration} on {@code scope} in {@code loop}, where it is safe. */
  public static Optional<SuggestedFix> offer(
      Loop loop, ScopeRef scope, ExpressionTree registration, DeferApi api, VisitorState state) {
    return new PerIterationScopeFix(api, state).fix(loop, scope, registration);
  }

  private Optional<SuggestedFix> fix(Loop loop, ScopeRef scope, ExpressionTree registration) {
    if (!(loop.body() instanceof BlockTree body)
        || body.getStatements().isEmpty()
        || state.getSourceCode() == null
        || state.getEndPosition(body) < 0) {
      return Optional.empty();
    }
    TreePath bodyPath = new TreePath(loop.path(), body);
    Optional<List<TreePath>> registrations = retargetableRegistrations(bodyPath, scope);
    if (registrations.isEmpty()
        || registrations.get().isEmpty()
        || registrations.get().get(0).getLeaf() != registration
        || new IterationEscapes(api, state).any(bodyPath, registrations.get())) {
      return Optional.empty();
    }
    ApiWords words = api.words(scope.variable().type, state);
    Optional<ApiWords.Opening> opening =
        words.perIterationOpening(scope.shape() == ScopeRef.Shape.TRY_LOCAL);
    if (opening.isEmpty()) {
      return Optional.empty();
    }
    return opening.get() == ApiWords.Opening.TRY
        ? tryForm(bodyPath, body, words, words.factory().get(), registrations.get())
        : lambdaForm(loop, bodyPath, body, words.runOpener().get(), registrations.get());
  }

  /** {@code Defer.run(it -> { ... })} around the body's statements. */
  private Optional<SuggestedFix> lambdaForm(
      Loop loop, TreePath bodyPath, BlockTree body, StaticMethod opener, List<TreePath> moved) {
    boolean jumpsOut =
        Jumps.leaving(bodyPath).stream()
            .anyMatch(
                jump ->
                    !(jump instanceof ThrowTree)
                        && !(loop.isForEach() && jump instanceof ReturnTree));
    if (jumpsOut
        || !Variables.capturableByLambdaAround(body)
        || Exceptions.checkedTypesThrown(body, state) > (opener.rethrows() ? 1 : 0)) {
      return Optional.empty();
    }
    SuggestedFix.Builder fix = SuggestedFix.builder();
    String owner = SuggestedFixes.qualifyType(state, fix, opener.owner());
    String parameter = SourceEdits.freshName(bodyPath, state);
    String opening = owner + "." + opener.name() + "(" + parameter + " -> {";
    fix.replace(
        body, SourceEdits.wrapped(body, opening, "});", receivers(moved), parameter, state));
    return Optional.of(fix.build());
  }

  /** {@code try (Closer it = Closer.create()) { ... }} around the body's statements. */
  private Optional<SuggestedFix> tryForm(
      TreePath bodyPath,
      BlockTree body,
      ApiWords words,
      StaticMethod factory,
      List<TreePath> moved) {
    Type scopeType = state.getTypeFromString(words.scopeTypeName());
    if (scopeType == null || !Exceptions.closeThrowsOnlyHandled(scopeType, bodyPath, state)) {
      return Optional.empty();
    }
    SuggestedFix.Builder fix = SuggestedFix.builder();
    String type = SuggestedFixes.qualifyType(state, fix, words.scopeTypeName());
    String owner = SuggestedFixes.qualifyType(state, fix, factory.owner());
    String parameter = SourceEdits.freshName(bodyPath, state);
    String opening =
        "try (" + type + " " + parameter + " = " + owner + "." + factory.name() + "()) {";
    fix.replace(body, SourceEdits.wrapped(body, opening, "}", receivers(moved), parameter, state));
    return Optional.of(fix.build());
  }

  private static List<IdentifierTree> receivers(List<TreePath> registrations) {
    List<IdentifierTree> receivers = new ArrayList<>();
    registrations.forEach(
        r -> receivers.add((IdentifierTree) getReceiver((ExpressionTree) r.getLeaf())));
    return receivers;
  }

  // ---------------------------------------------------------------------------------------------
  // What moves to the new scope

  /**
   * The body's registrations on {@code scope}, in source order; empty when the body uses the scope
   * otherwise (passes it on, recovers on it, registers in a nested loop or a lambda that runs
   * later), registers as the last thing its iteration does, or registers on another scope from
   * outside.
   */
  private Optional<List<TreePath>> retargetableRegistrations(TreePath bodyPath, ScopeRef scope) {
    List<TreePath> registrations = new ArrayList<>();
    boolean[] retargetable = {true};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        Symbol symbol = getSymbol(identifier);
        if (symbol instanceof VarSymbol variable
            && api.isScopeType(variable.type, state)
            && api.resolveScope(identifier, getCurrentPath(), state)
                .filter(scope::sameScopeAs)
                .isPresent()) {
          TreePath registration = registrationOn(getCurrentPath());
          if (registration != null
              && runsOncePerIteration(registration, bodyPath.getLeaf())
              && followedByWork(registration, bodyPath.getLeaf())) {
            registrations.add(registration);
          } else {
            retargetable[0] = false;
          }
        }
        return null;
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        Optional<Registration> registration = api.registration(call, state);
        if (registration.isPresent()
            && registration.get().receiver() != null
            && api.resolveScope(registration.get().receiver(), getCurrentPath(), state)
                .filter(other -> !other.sameScopeAs(scope))
                .filter(other -> !declaredWithin(other.region(), getCurrentPath(), bodyPath))
                .isPresent()) {
          retargetable[0] = false; // Its own finding's fix would wrap the same body.
        }
        return super.visitMethodInvocation(call, null);
      }
    }.scan(bodyPath, null);
    registrations.sort(Comparator.comparingInt(r -> getStartPosition(r.getLeaf())));
    return retargetable[0] ? Optional.of(registrations) : Optional.empty();
  }

  /** The registration call that the identifier at {@code receiver} is the receiver of, or null. */
  private @Nullable TreePath registrationOn(TreePath receiver) {
    TreePath select = receiver.getParentPath();
    TreePath call = select.getParentPath();
    boolean isReceiver =
        select.getLeaf() instanceof MemberSelectTree member
            && member.getExpression() == receiver.getLeaf()
            && call.getLeaf() instanceof MethodInvocationTree invocation
            && invocation.getMethodSelect() == member
            && api.isRegistration(invocation, state);
    return isReceiver ? call : null;
  }

  /**
   * Whether the code at {@code path} runs once each time {@code body} runs: no loop, no lambda
   * other than an opener's inline body or one called on the spot, and no class lies between them.
   */
  private boolean runsOncePerIteration(TreePath path, Tree body) {
    for (TreePath childPath = path;
        childPath.getParentPath().getLeaf() != body;
        childPath = childPath.getParentPath()) {
      Tree leaf = childPath.getParentPath().getLeaf();
      if (Loops.isLoop(leaf) || leaf instanceof ClassTree) {
        return false;
      }
      if (childPath.getLeaf() instanceof LambdaExpressionTree) {
        Execution.When when = Execution.of(childPath, api, state).when();
        if (when != Execution.When.SCOPE_BODY && when != Execution.When.ON_THE_SPOT) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether a statement follows the one holding {@code path}, in some block up to {@code body}. */
  private static boolean followedByWork(TreePath path, Tree body) {
    for (TreePath childPath = path;
        childPath.getLeaf() != body;
        childPath = childPath.getParentPath()) {
      if (childPath.getParentPath().getLeaf() instanceof BlockTree block) {
        List<? extends StatementTree> statements = block.getStatements();
        int index = statements.indexOf(childPath.getLeaf());
        if (index >= 0 && index < statements.size() - 1) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code region} lies on the path from {@code path} up to {@code body}. */
  private static boolean declaredWithin(Tree region, TreePath path, TreePath body) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      if (current.getLeaf() == region) {
        return true;
      }
      if (current.getLeaf() == body.getLeaf()) {
        return false;
      }
    }
    return false;
  }
}
