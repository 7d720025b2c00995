package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isConsideredFinal;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;
import static java.util.Objects.requireNonNull;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import io.github.deferlint.checks.model.ApiWords;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.DeferredAction;
import io.github.deferlint.checks.model.Placement;
import io.github.deferlint.checks.model.ScopeRef;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.Sources;
import java.util.Optional;
import javax.inject.Inject;

/**
 * Flags Go's {@code recover()} where it cannot stop the panic: outside the deferred actions of its
 * own scope it returns null, and registered as the action itself it discards the panic unseen.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "recover() only stops a panic when called in a deferred action of its own scope: elsewhere"
            + " it returns null, and registered as the action itself it discards the panic unseen",
    severity = ERROR,
    linkType = CUSTOM,
    link = Docs.CHECKS + "RecoverOutsideDeferred.md")
public final class RecoverOutsideDeferred extends BugChecker
    implements MethodInvocationTreeMatcher, MemberReferenceTreeMatcher {
  private final DeferApi api;

  /** For ServiceLoader, which Error Prone uses to find plugins; Error Prone injects the flags. */
  public RecoverOutsideDeferred() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public RecoverOutsideDeferred(ErrorProneFlags flags) {
    this.api = DeferApi.fromFlags(flags);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
    return Crashproof.match(this, call, state, () -> checkCall(call, state));
  }

  @Override
  public Description matchMemberReference(MemberReferenceTree reference, VisitorState state) {
    return Crashproof.match(this, reference, state, () -> checkReference(reference, state));
  }

  /** {@code scope.recover()} somewhere no deferred action of {@code scope} runs it. */
  private Description checkCall(MethodInvocationTree call, VisitorState state) {
    ExpressionTree receiver = getReceiver(call);
    if (!api.isRecover(call, state) || receiver == null) {
      return NO_MATCH;
    }
    Optional<ScopeRef> scope = api.resolveScope(receiver, state.getPath(), state);
    Optional<Placement> placement =
        scope.map(s -> Placement.of(s, state.getPath(), api, state)).filter(Placement::isWrong);
    if (placement.isEmpty()) {
      return NO_MATCH;
    }
    ApiWords words = api.words(scope.get().variable().type, state);
    return buildDescription(call)
        .setMessage(callMessage(call, receiver, placement.get(), words, state))
        .addAllFixes(retargeted(receiver, placement.get()).stream().toList())
        .build();
  }

  /** {@code scope.defer(scope::recover)}, or {@code scope.defer(Scope::recover, scope)}. */
  private Description checkReference(MemberReferenceTree reference, VisitorState state) {
    if (!api.isRecoverMethod(getSymbol(reference), state)) {
      return NO_MATCH;
    }
    Optional<DeferredAction> action = api.deferredAction(reference, state.getPath(), state);
    if (action.isEmpty()) {
      return NO_MATCH;
    }
    Optional<ExpressionTree> recovered =
        Functions.isUnbound(reference)
            ? action.get().argumentFor(0)
            : Optional.of(reference.getQualifierExpression());
    Optional<ScopeRef> scope =
        recovered.flatMap(expression -> api.resolveScope(expression, state.getPath(), state));
    Optional<Placement> placement = scope.map(s -> Placement.of(s, state.getPath(), api, state));
    String recover = Sources.shortSource(reference, state, 60);
    if (placement.isPresent() && placement.get().outsideActions()) {
      return buildDescription(reference)
          .setMessage(
              String.format(
                  "`%s` runs %s, while the actions of `%s` are not running: it returns null and"
                      + " does nothing. To stop a panic, recover in a lambda deferred on the scope"
                      + " that panics and handle what it returns.",
                  recover, placement.get().where(), scope.get().name()))
          .build();
    }
    String scopeName =
        action
            .get()
            .scope()
            .map(ScopeRef::name)
            .orElse(Sources.shortSource(recovered.orElse(reference), state, 30));
    ApiWords words = api.words(getSymbol(reference).owner.type, state);
    return buildDescription(reference)
        .setMessage(
            String.format(
                "`%s` as the deferred action stops the panic and throws it away unseen (Go's"
                    + " `defer recover()` does not even stop it). Recover in a lambda and handle"
                    + " what it returns: %s.",
                recover, words.recoveringAction(scopeName)))
        .build();
  }

  private static String callMessage(
      MethodInvocationTree call,
      ExpressionTree receiver,
      Placement placement,
      ApiWords words,
      VisitorState state) {
    String recover = Sources.shortSource(call, state, 60);
    String scope = Sources.shortSource(receiver, state, 40);
    return switch (placement.kind()) {
      case IN_BODY ->
          String.format(
              "`%s` runs %s, before any of its deferred actions, so it always returns null and"
                  + " stops nothing. Call it in a deferred action: %s.",
              recover, placement.where(), words.recoveringAction(scope));
      case NESTED ->
          String.format(
              "`%s` is %s, not in the action itself: run after the action or on another thread, it"
                  + " returns null and the panic goes on (Go's recover in a nested func literal"
                  + " returns nil). Call `%s` directly in the action and pass the throwable on.",
              recover, placement.where(), recover);
      case IN_OTHER_ACTION -> {
        // A placement in another scope's action always names that action.
        String other = requireNonNull(placement.otherAction()).scope().get().name();
        yield String.format(
            "`%s` runs %s, while the actions of `%s` are not running, so it returns null and stops"
                + " nothing. `%s.%s()` stops the panic that unwinds `%s` instead (a different"
                + " panic); to stop one of `%s`, recover in its own deferred action.",
            recover,
            placement.where(),
            scope,
            other,
            words.recover().orElse("recover"),
            other,
            scope);
      }
      default ->
          String.format(
              "`%s` is %s, not directly in a deferred action of the scope it recovers on, so it"
                  + " returns null there. Call `%s` only from deferred actions of that scope, e.g."
                  + " `%s`.",
              recover, placement.where(), placement.helper(), helperCall(placement, words));
    };
  }

  /** {@code scope.defer(() -> handle(scope))}. */
  private static String helperCall(Placement placement, ApiWords words) {
    return String.format(
        "scope.%s(() -> %s(scope))", words.defer().orElse("defer"), placement.helper());
  }

  /**
   * {@code outer.recover()} in an action of {@code inner} rewritten to {@code inner.recover()}:
   * only directly in a lambda action (where no local can shadow the scope's name), and where the
   * action's scope is a variable the lambda can capture.
   */
  private static Optional<SuggestedFix> retargeted(ExpressionTree receiver, Placement placement) {
    DeferredAction other = placement.otherAction(); // Null but for IN_OTHER_ACTION.
    if (placement.kind() != Placement.Kind.IN_OTHER_ACTION
        || other == null
        || !placement.directlyInOtherAction()
        || !(other.action() instanceof LambdaExpressionTree)) {
      return Optional.empty();
    }
    ExpressionTree registeredOn = stripParentheses(other.registration().receiver());
    if (!(registeredOn instanceof IdentifierTree identifier)
        || !isConsideredFinal(getSymbol(identifier))) {
      return Optional.empty();
    }
    return Optional.of(SuggestedFix.replace(receiver, identifier.getName().toString()));
  }
}
