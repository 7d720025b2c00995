package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;

import com.google.auto.service.AutoService;
import com.google.common.collect.ImmutableList;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import io.github.deferlint.checks.flow.ExitingCalls;
import io.github.deferlint.checks.flow.ExitingCalls.Exit;
import io.github.deferlint.checks.flow.PendingActions;
import io.github.deferlint.checks.flow.PendingActions.Pending;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.DeferredAction;
import io.github.deferlint.checks.model.ScopeRef;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.Sources;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/**
 * Flags {@code System.exit} and {@code Runtime.halt} inside a scope after a registration: the JVM
 * ends there and the deferred actions never run, as Go's {@code os.Exit} (and {@code log.Fatal},
 * which calls it) skips the function's deferred calls.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "System.exit or Runtime.halt inside a scope, after a registration: the JVM ends there and"
            + " the scope's deferred actions never run",
    severity = WARNING,
    linkType = CUSTOM,
    link = Docs.CHECKS + "ExitSkipsDeferred.md")
public final class ExitSkipsDeferred extends BugChecker
    implements MethodInvocationTreeMatcher, MemberReferenceTreeMatcher {
  private final DeferApi api;

  /** For ServiceLoader, which Error Prone uses to find plugins; Error Prone injects the flags. */
  public ExitSkipsDeferred() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public ExitSkipsDeferred(ErrorProneFlags flags) {
    this.api = DeferApi.fromFlags(flags);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
    return Crashproof.match(this, call, state, () -> check(call, state));
  }

  @Override
  public Description matchMemberReference(MemberReferenceTree reference, VisitorState state) {
    if (!(state.getPath().getParentPath().getLeaf() instanceof MethodInvocationTree call)
        || !api.mayRegister(call)) {
      return NO_MATCH; // By name alone: only a reference given to a registration is an action.
    }
    return Crashproof.match(this, reference, state, () -> check(reference, state));
  }

  /**
   * An exit (a JDK call, or a helper of the same file that always makes one) reached where some
   * deferred action is still to run: registered on some path before it, on a scope still open
   * there.
   */
  private Description check(MethodInvocationTree call, VisitorState state) {
    Optional<Exit> exit = ExitingCalls.of(call, state.getPath(), state);
    if (exit.isEmpty()) {
      return NO_MATCH;
    }
    PendingActions pending = PendingActions.at(state.getPath(), api, state);
    if (pending.isEmpty()) {
      return NO_MATCH;
    }
    String exitCall =
        exit.get()
            .helper()
            .map(helper -> helper.getSimpleName().toString())
            .orElse(Sources.shortSource(call.getMethodSelect(), state, 40));
    return buildDescription(call)
        .setMessage(message(call, exitCall, exit.get(), pending, state))
        .build();
  }

  /**
   * An exit registered as the action itself, {@code scope.defer(System::exit, status)} (Go's {@code
   * defer os.Exit(status)}) or a helper of the same file that always exits ({@code
   * scope.defer(Main::fail)}), where actions registered before it on its scope, or on scopes
   * around, are still to run: the exit runs first, and they never do.
   */
  private Description check(MemberReferenceTree reference, VisitorState state) {
    Optional<Exit> exit = ExitingCalls.of(reference, state.getPath(), state);
    Optional<DeferredAction> action =
        exit.isEmpty() ? Optional.empty() : api.deferredAction(reference, state.getPath(), state);
    if (action.isEmpty()) {
      return NO_MATCH;
    }
    PendingActions before = PendingActions.at(state.getPath().getParentPath(), api, state);
    if (before.isEmpty()) {
      return NO_MATCH;
    }
    String exitCall =
        exit.get()
            .helper()
            .map(helper -> helper.getSimpleName().toString())
            .orElse(
                Sources.shortSource(reference.getQualifierExpression(), state, 40)
                    + "."
                    + reference.getName());
    return buildDescription(reference)
        .setMessage(
            message(
                reference,
                exitCall,
                exit.get(),
                new PendingActions(before.pending(), action),
                state))
        .build();
  }

  private static String message(
      ExpressionTree exitSite,
      String exitCall,
      Exit exit,
      PendingActions pending,
      VisitorState state) {
    String exiting =
        exit.helper()
            .map(
                helper ->
                    String.format(
                        "`%s` ends the JVM (every path of `%s` calls `%s`)",
                        Sources.shortSource(exitSite, state, 50),
                        helper.getSimpleName(),
                        exit.ending().method()))
            .orElse(String.format("`%s` ends the JVM", Sources.shortSource(exitSite, state, 50)));
    String where =
        pending
            .action()
            .map(action -> " in " + actionName(action) + ", before the actions still to run")
            .orElse(" " + before(pending.pending()));
    return String.format(
        "%s%s: the actions registered on %s never run, and what they would flush, close or delete"
            + " stays as it is (%s). %s",
        exiting,
        where,
        lines(pending.pending(), state),
        exit.ending().hooks(),
        remedy(exitCall, pending.action()));
  }

  private static String actionName(DeferredAction action) {
    return action
        .scope()
        .map(scope -> "a deferred action of `" + scope.name() + "`")
        .orElse("a deferred action");
  }

  /** "before the scope `scope` ends", "before the try closes `closer`". */
  private static String before(ImmutableList<Pending> pending) {
    ScopeRef scope = pending.get(pending.size() - 1).scope();
    if (pending.stream().anyMatch(p -> !p.scope().sameScopeAs(scope))) {
      return "before the scopes around it end";
    }
    return scope.shape() == ScopeRef.Shape.TRY_LOCAL
        ? "before the try closes `" + scope.name() + "`"
        : "before the scope `" + scope.name() + "` ends";
  }

  /** "line 7", "lines 7 and 9", "lines 7, 9 and 12". */
  private static String lines(List<Pending> pending, VisitorState state) {
    List<String> lines =
        pending.stream()
            .map(p -> Long.toString(Sources.lineOf(p.registration().call(), state)))
            .distinct()
            .toList();
    if (lines.size() == 1) {
      return "line " + lines.get(0);
    }
    return "lines "
        + String.join(", ", lines.subList(0, lines.size() - 1))
        + " and "
        + lines.get(lines.size() - 1);
  }

  /** Leave the scope, then exit: named as the code names the exit, {@code fail} for a helper. */
  private static String remedy(String exitCall, Optional<DeferredAction> action) {
    return action.isPresent()
        ? String.format("Record the status instead, and call `%s` after the scope ended.", exitCall)
        : String.format(
            "Leave the scope first (return a status, or throw) and call `%s` after it ended.",
            exitCall);
  }
}
