package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.getType;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import io.github.deferlint.checks.fix.LateEvaluationFix;
import io.github.deferlint.checks.flow.CapturedValues;
import io.github.deferlint.checks.model.Clocks;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.Sources;
import io.github.deferlint.checks.util.Variables;
import java.util.Optional;
import javax.inject.Inject;

/**
 * Flags what {@code scope.defer(fn, args...)} evaluates at registration by mistake: Go's {@code
 * defer f(a)}, whose arguments are taken when {@code defer} runs.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A deferred call's argument or receiver is evaluated at registration, so the deferred call"
            + " does not see later changes",
    severity = WARNING,
    linkType = CUSTOM,
    link = Docs.CHECKS + "DeferEagerArgument.md")
public final class DeferEagerArgument extends BugChecker implements MethodInvocationTreeMatcher {
  private final DeferApi api;

  /**
   * For ServiceLoader, which Error Prone uses to find plugins; Error Prone itself injects flags.
   */
  public DeferEagerArgument() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public DeferEagerArgument(ErrorProneFlags flags) {
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

  private Description check(Registration registration, VisitorState state) {
    CapturedValues captured = new CapturedValues(api, registration, state);
    for (ExpressionTree value : registration.values()) {
      Optional<ExpressionTree> clock =
          Clocks.elapsedTimeRead(new TreePath(state.getPath(), value), api, state);
      if (clock.isPresent()) {
        state.reportMatch(clockFinding(registration, value, clock.get(), state));
        continue;
      }
      for (Symbol variable : Variables.localsReadNow(value)) {
        Optional<Tree> assignment = captured.firstLaterAssignment(variable);
        if (assignment.isPresent()) {
          state.reportMatch(valueFinding(value, variable, assignment.get(), state));
          break;
        }
      }
    }
    Optional<ExpressionTree> receiver = Functions.boundReceiver(registration.action());
    Optional<Symbol> rebound = receiver.map(Variables::rebindable);
    if (rebound.isPresent()) {
      captured
          .firstLaterAssignmentOfAnObject(rebound.get())
          .filter(assignment -> captured.mayGoUnregistered(assignment, rebound.get()))
          .ifPresent(
              assignment ->
                  state.reportMatch(
                      receiverFinding(
                          registration, receiver.get(), rebound.get(), assignment, state)));
    }
    return NO_MATCH;
  }

  // ---------------------------------------------------------------------------------------------
  // Findings

  private Description valueFinding(
      ExpressionTree value, Symbol variable, Tree assignment, VisitorState state) {
    return buildDescription(value)
        .setMessage(
            String.format(
                "`%s` is evaluated now, at registration: the deferred call will see `%s` as it is"
                    + " here, not as assigned on line %d. Register after the last assignment, or"
                    + " defer a lambda that reads the value when it runs.",
                Sources.shortSource(value, state, 60),
                variable.getSimpleName(),
                Sources.lineOf(assignment, state)))
        .build();
  }

  private Description receiverFinding(
      Registration registration,
      ExpressionTree receiver,
      Symbol variable,
      Tree assignment,
      VisitorState state) {
    String kind = Variables.isLocal(variable) ? "" : "field ";
    ExpressionTree scope = registration.receiver();
    String registerEach =
        scope == null
            ? ""
            : String.format(
                " (e.g. %s)",
                api.words(getType(scope), state)
                    .registerEach(Sources.shortSource(scope, state, 30)));
    return buildDescription(receiver)
        .setMessage(
            String.format(
                "The method reference binds %s`%s` now, at registration: the deferred call acts on"
                    + " the object it holds here, and the one assigned on line %d can reach the end"
                    + " of the scope, or be replaced, without any registration taking it. Register"
                    + " each object as it is created%s.",
                kind, variable.getSimpleName(), Sources.lineOf(assignment, state), registerEach))
        .build();
  }

  private Description clockFinding(
      Registration registration, ExpressionTree value, ExpressionTree clock, VisitorState state) {
    return buildDescription(value)
        .setMessage(
            String.format(
                "`%s` is computed now, at registration, so the deferred call gets an elapsed time"
                    + " of about zero. Defer a lambda so that `%s` is read when the action runs.",
                Sources.shortSource(value, state, 60), Sources.shortSource(clock, state, 40)))
        .addAllFixes(LateEvaluationFix.offer(registration, value, state).stream().toList())
        .build();
  }
}
