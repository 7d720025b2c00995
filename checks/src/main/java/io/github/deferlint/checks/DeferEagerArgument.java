package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.getType;
import static com.google.errorprone.util.ASTHelpers.isConsideredFinal;

import com.google.auto.service.AutoService;
import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableSet;
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
import io.github.deferlint.checks.flow.ControlFlow;
import io.github.deferlint.checks.flow.LaterAssignments;
import io.github.deferlint.checks.flow.Loops;
import io.github.deferlint.checks.flow.UnregisteredValues;
import io.github.deferlint.checks.model.Clocks;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.DeferApi.RegistrationKind;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.model.ScopeRef;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.Sources;
import io.github.deferlint.checks.util.Variables;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;

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

  private Description check(Registration registration, VisitorState state) {
    Optional<ScopeRef> scope =
        Optional.ofNullable(registration.receiver())
            .flatMap(receiver -> api.resolveScope(receiver, state.getPath(), state));
    // The body's graph and dataflow are the costly part: only built when the registration takes the
    // value of a variable that can change (most defer a lambda, which takes none).
    Supplier<LaterAssignments> later = Suppliers.memoize(() -> laterAssignments(state));
    for (ExpressionTree value : registration.values()) {
      Optional<ExpressionTree> clock =
          Clocks.elapsedTimeRead(new TreePath(state.getPath(), value), api, state);
      if (clock.isPresent()) {
        state.reportMatch(clockFinding(registration, value, clock.get(), state));
        continue;
      }
      for (Symbol variable : Variables.localsReadNow(value)) {
        Optional<Tree> assignment =
            firstLaterAssignment(later, registration, scope, variable, state);
        if (assignment.isPresent()) {
          state.reportMatch(valueFinding(value, variable, assignment.get(), state));
          break;
        }
      }
    }
    Optional<ExpressionTree> receiver = Functions.boundReceiver(registration.action());
    Optional<Symbol> rebound = receiver.map(Variables::rebindable);
    if (rebound.isPresent()) {
      firstLaterAssignment(later, registration, scope, rebound.get(), state)
          .filter(assignment -> mayGoUnregistered(assignment, rebound.get(), state))
          .ifPresent(
              assignment ->
                  state.reportMatch(
                      receiverFinding(
                          registration, receiver.get(), rebound.get(), assignment, state)));
    }
    return NO_MATCH;
  }

  /**
   * Whether the value {@code assignment} gives {@code variable} may reach the end of the body, or
   * be replaced, before a registration takes it: reopen, register, reopen, register handles them
   * all.
   */
  private boolean mayGoUnregistered(Tree assignment, Symbol variable, VisitorState state) {
    TreePath body = ControlFlow.enclosingBody(state.getPath());
    ControlFlowGraph graph = body == null ? null : ControlFlow.graph(body, state);
    return graph == null
        || ControlFlow.analyze(
                graph,
                new UnregisteredKey(variable),
                g ->
                    UnregisteredValues.analyze(
                        g,
                        variable,
                        node ->
                            node instanceof MethodInvocationNode invocation
                                && invocation.getTree() != null
                                && api.registration(invocation.getTree(), state)
                                    .filter(registration -> registration.takes(variable))
                                    .isPresent()),
                state)
            .mayGoUnregistered(assignment);
  }

  /** The cache key of {@link UnregisteredValues} of one variable in one body's graph. */
  private record UnregisteredKey(Symbol variable) {}

  /** The later assignments in the body around the current node, analysed once per body. */
  private LaterAssignments laterAssignments(VisitorState state) {
    TreePath body = ControlFlow.enclosingBody(state.getPath());
    ControlFlowGraph graph = body == null ? null : ControlFlow.graph(body, state);
    if (graph == null) {
      return null;
    }
    return ControlFlow.analyze(
        graph,
        DeferEagerArgument.class,
        g ->
            LaterAssignments.analyze(
                g,
                node ->
                    node instanceof MethodInvocationNode invocation && invocation.getTree() != null
                        ? api.registration(invocation.getTree(), state)
                            .map(Registration::capturedVariables)
                            .orElse(ImmutableSet.of())
                        : ImmutableSet.of()),
        state);
  }

  /**
   * The earliest assignment to {@code variable} that may run after the registration while its scope
   * is open, leaving out the update step of a {@code for} loop around the registration: a loop
   * counter registered each iteration ({@code for (i...) scope.defer(print, i)}, Go's {@code defer
   * fmt.Println(i)}) means to capture each value, and DeferInLoop reports the loop.
   */
  private static Optional<Tree> firstLaterAssignment(
      Supplier<LaterAssignments> laterAssignments,
      Registration registration,
      Optional<ScopeRef> scope,
      Symbol variable,
      VisitorState state) {
    if ((Variables.isLocal(variable) && isConsideredFinal(variable))
        || !LaterAssignments.mayBeAssignedAfter(state.getPath(), variable)) {
      return Optional.empty(); // Not assigned again: no need for the graph.
    }
    LaterAssignments later = laterAssignments.get();
    if (later == null) {
      return Optional.empty();
    }
    List<Tree> loopUpdates = Loops.forUpdatesAround(state.getPath());
    return later.after(registration.call(), variable).stream()
        .filter(
            assignment ->
                loopUpdates.stream().noneMatch(u -> Sources.contains(u, assignment, state)))
        .filter(assignment -> scope.map(s -> s.mayBeOpenAt(assignment, state)).orElse(true))
        .min(Comparator.comparingInt(tree -> getStartPosition(tree)));
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
        .addFix(LateEvaluationFix.offer(registration, state))
        .build();
  }
}
