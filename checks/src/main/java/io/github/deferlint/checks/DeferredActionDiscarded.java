package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import io.github.deferlint.checks.fix.ReturnedCleanupFix;
import io.github.deferlint.checks.model.Cleanup;
import io.github.deferlint.checks.model.DeferApi;
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
    if (!api.mayRegister(call)) {
      return NO_MATCH; // By name alone: code without these calls resolves no symbol here.
    }
    return Crashproof.match(
        this,
        call,
        state,
        () ->
            api.deferral(call, state)
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
        ReturnedCleanupFix.registration(registration, cleanup.get(), api, state);
    Description.Builder finding =
        buildDescription(discarded.get().site())
            .setMessage(message(registration, discarded.get(), cleanup.get(), registered, state));
    registered
        .flatMap(text -> ReturnedCleanupFix.offer(registration, discarded.get(), text, api, state))
        .ifPresent(finding::addFix);
    return finding.build();
  }

  // ---------------------------------------------------------------------------------------------
  // The finding

  private String message(
      Registration registration,
      DiscardedValue discarded,
      Cleanup cleanup,
      Optional<String> registered,
      VisitorState state) {
    String call =
        ReturnedCleanupFix.callMadeNow(registration, state)
            .filter(text -> text.length() <= 60)
            .orElse(Sources.shortSource(discarded.site(), state, 60));
    String function =
        stripParentheses(registration.action()) instanceof LambdaExpressionTree
            ? "the lambda"
            : "the method reference";
    String runs = cleanup.kind() == Cleanup.Kind.ACTION ? "run" : "close";
    String instead =
        registered
            .map(text -> "register that instead: `" + text + "`.")
            .orElse("call it before registering and register its result.");
    instead =
        String.format(
            "To make the call now and have the scope %s what it returns (Go's `defer f()()`), %s",
            runs, instead);
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
