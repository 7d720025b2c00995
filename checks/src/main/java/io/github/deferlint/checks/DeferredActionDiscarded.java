package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.getReceiverType;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.fix.DirectCall;
import io.github.deferlint.checks.model.Cleanup;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.DeferApi.RegistrationKind;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.model.ScopeRef;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.DiscardedValue;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.Sources;
import java.util.Optional;
import javax.inject.Inject;

/**
 * Flags a deferred lambda or method reference that calls, when the scope ends, a method returning a
 * cleanup, and drops it: Go's {@code defer trace("f")()} written without its last call.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A deferred lambda or method reference calls a method that returns a cleanup: the call"
            + " runs only when the scope ends, and the cleanup it returns is thrown away unrun",
    severity = WARNING,
    linkType = CUSTOM,
    link = Docs.CHECKS + "DeferredActionDiscarded.md")
public final class DeferredActionDiscarded extends BugChecker
    implements MethodInvocationTreeMatcher {
  private final DeferApi api;

  /** For ServiceLoader, which Error Prone uses to find plugins; Error Prone injects the flags. */
  public DeferredActionDiscarded() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public DeferredActionDiscarded(ErrorProneFlags flags) {
    this.api = DeferApi.fromFlags(flags);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
    return Crashproof.match(
        this,
        call,
        state,
        () ->
            api.registration(call, state)
                .filter(registration -> registration.kind() == RegistrationKind.DEFER)
                .map(registration -> check(registration, state))
                .orElse(NO_MATCH));
  }

  /**
   * The action discards the value of its call ({@code () -> trace("f")}, {@code this::trace}), the
   * value is a cleanup, and the call made it rather than handing back something it was given or the
   * object it was called on.
   */
  private Description check(Registration registration, VisitorState state) {
    Optional<DiscardedValue> discarded =
        DiscardedValue.of(registration.action(), state)
            .filter(value -> !value.passesThrough() && !value.mayBeReceiver(state));
    Optional<Cleanup> cleanup = discarded.flatMap(value -> api.cleanup(value.type(), state));
    if (cleanup.isEmpty()) {
      return NO_MATCH;
    }
    Optional<String> registered =
        callMadeNow(registration, state)
            .flatMap(
                call ->
                    api.registering(cleanup.get(), scopeType(registration), state)
                        .map(
                            registering ->
                                registering.render(scopeSource(registration, state), call)));
    return buildDescription(discarded.get().site())
        .setMessage(message(registration, discarded.get(), cleanup.get(), registered, state))
        .addFix(registered.map(text -> SuggestedFix.replace(registration.call(), text)))
        .build();
  }

  /**
   * The call the action makes, written to be made now: the body of a lambda without parameters, or
   * what a method reference calls with the registration's values ({@code this::trace, "f"} makes
   * {@code this.trace("f")}). Empty for a lambda with parameters, which the values feed.
   */
  private static Optional<String> callMadeNow(Registration registration, VisitorState state) {
    ExpressionTree action = stripParentheses(registration.action());
    if (action instanceof LambdaExpressionTree lambda) {
      return lambda.getParameters().isEmpty() && registration.values().isEmpty()
          ? Optional.of(state.getSourceForNode(stripParentheses((ExpressionTree) lambda.getBody())))
          : Optional.empty();
    }
    return DirectCall.source(action, registration.values(), state);
  }

  /**
   * The type of the scope registered on: the receiver's, or the method's class for {@code
   * defer(...)}.
   */
  private static Type scopeType(Registration registration) {
    return getReceiverType(registration.call());
  }

  private static String scopeSource(Registration registration, VisitorState state) {
    return registration.receiver() == null ? "" : state.getSourceForNode(registration.receiver());
  }

  // ---------------------------------------------------------------------------------------------
  // The finding

  private String message(
      Registration registration,
      DiscardedValue discarded,
      Cleanup cleanup,
      Optional<String> registered,
      VisitorState state) {
    String call = Sources.shortSource(discarded.site(), state, 60);
    String function =
        stripParentheses(registration.action()) instanceof LambdaExpressionTree
            ? "the lambda"
            : "the method reference";
    String instead =
        registered
            .map(
                text ->
                    String.format(
                        "To make the call now and have the scope %s what it returns (Go's `defer"
                            + " f()()`), register that instead: `%s`.",
                        cleanup.kind() == Cleanup.Kind.ACTION ? "run" : "close", text))
            .orElse(
                "To make the call now and have the scope "
                    + (cleanup.kind() == Cleanup.Kind.ACTION ? "run" : "close")
                    + " what it returns (Go's `defer f()()`), call it before registering and"
                    + " register its result.");
    return String.format(
        "`%s` runs only %s, and %s: %s discards it. %s",
        call, scopeEnds(registration, state), cleanup.neverRun(), function, instead);
  }

  /** "when the scope ends", or "when `closer` is closed" for a scope held in a try. */
  private String scopeEnds(Registration registration, VisitorState state) {
    Optional<ScopeRef> scope =
        Optional.ofNullable(registration.receiver())
            .flatMap(receiver -> api.resolveScope(receiver, state.getPath(), state));
    return scope
        .filter(s -> s.shape() == ScopeRef.Shape.TRY_LOCAL)
        .map(s -> String.format("when `%s` is closed", s.name()))
        .orElse("when the scope ends");
  }
}
