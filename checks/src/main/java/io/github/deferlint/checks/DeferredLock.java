package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.fixes.SuggestedFixes;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.DeferredAcquire;
import io.github.deferlint.checks.model.Locks;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.model.ScopeRef;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.Sources;
import java.util.Optional;
import javax.inject.Inject;

/**
 * Flags a deferred action that acquires a lock: Go's {@code defer mu.Lock()} (staticcheck SA2003),
 * nearly always a typo for the release.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A deferred action acquires a lock instead of releasing it: when the scope ends the lock is"
            + " taken again and nothing releases it",
    severity = WARNING,
    linkType = CUSTOM,
    link = Docs.CHECKS + "DeferredLock.md")
public final class DeferredLock extends BugChecker implements MethodInvocationTreeMatcher {
  private final DeferApi api;

  /** For ServiceLoader, which Error Prone uses to find plugins; Error Prone injects the flags. */
  public DeferredLock() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public DeferredLock(ErrorProneFlags flags) {
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
   * Each acquire the deferred action makes and does not undo, except a lock the body let go of
   * before (Go's {@code mu.Unlock(); defer mu.Lock()}) and a wait on a semaphore for others (one
   * created with no permits, or an acquire of all it was created with).
   */
  private Description check(Registration registration, VisitorState state) {
    TreePath registrationPath = state.getPath();
    for (DeferredAcquire acquire : DeferredAcquire.of(registration, registrationPath, state)) {
      if (acquire.releasedBefore(registrationPath, state) || acquire.waitsForOthers(state)) {
        continue;
      }
      Optional<ScopeRef> scope =
          Optional.ofNullable(registration.receiver())
              .flatMap(receiver -> api.resolveScope(receiver, registrationPath, state));
      state.reportMatch(
          buildDescription(acquire.site())
              .setMessage(
                  message(
                      acquire,
                      scope,
                      acquire.acquiredJustBefore(registrationPath, state),
                      release(acquire, state),
                      state))
              .addFix(releaseFix(acquire, state))
              .build());
    }
    return NO_MATCH;
  }

  private static String message(
      DeferredAcquire acquire,
      Optional<ScopeRef> scope,
      Optional<MethodInvocationTree> justBefore,
      String release,
      VisitorState state) {
    String lock = Sources.shortSource(acquire.lock(), state, 40);
    String when =
        scope
            .filter(s -> s.shape() == ScopeRef.Shape.TRY_LOCAL)
            .map(s -> "when `" + s.name() + "` is closed")
            .orElse("when the scope ends");
    String happens =
        acquire.acquire().kind() == Locks.Kind.LOCK
            ? String.format(
                "locks `%s` again %s instead of unlocking it: nothing unlocks it afterwards, so"
                    + " the next thread that locks it blocks forever",
                lock, when)
            : String.format(
                "takes another permit from `%s` %s instead of giving one back: the permits run out"
                    + " and the next acquire blocks forever",
                lock, when);
    String typo =
        justBefore
            .map(
                call ->
                    String.format(
                        acquire.acquire().kind() == Locks.Kind.LOCK
                            ? " `%s` on line %d has just locked it, as in Go's `mu.Lock(); defer"
                                + " mu.Lock()`, a typo for `defer mu.Unlock()`."
                            : " `%s` on line %d has just taken a permit: the same typo as Go's"
                                + " `mu.Lock(); defer mu.Lock()`.",
                        Sources.shortSource(call, state, 40),
                        Sources.lineOf(call, state)))
            .orElse("");
    return String.format(
        "`%s` %s.%s Defer the release instead: `%s`.",
        Sources.shortSource(acquire.site(), state, 50), happens, typo, release);
  }

  /** The release that undoes the acquire, written as the acquire is: {@code lock::unlock}. */
  private static String release(DeferredAcquire acquire, VisitorState state) {
    String name = acquire.acquire().release();
    if (acquire.site() instanceof MemberReferenceTree reference) {
      return Sources.shortSource(reference.getQualifierExpression(), state, 40) + "::" + name;
    }
    MethodInvocationTree call = (MethodInvocationTree) acquire.site();
    String arguments =
        call.getArguments().isEmpty()
            ? ""
            : Sources.shortSource(call.getArguments().get(0), state, 20);
    return Sources.shortSource(acquire.lock(), state, 40) + "." + name + "(" + arguments + ")";
  }

  private static SuggestedFix releaseFix(DeferredAcquire acquire, VisitorState state) {
    String name = acquire.acquire().release();
    if (acquire.site() instanceof MemberReferenceTree reference) {
      return SuggestedFix.replace(
          reference, state.getSourceForNode(reference.getQualifierExpression()) + "::" + name);
    }
    return SuggestedFixes.renameMethodInvocation(
        (MethodInvocationTree) acquire.site(), name, state);
  }
}
