package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.isConsideredFinal;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.DeferApi.RegistrationKind;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.model.ScopeRef;
import io.github.deferlint.checks.util.Sources;
import io.github.deferlint.checks.util.Variables;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;

/**
 * What happens, after a registration, to the variables whose values it took (Go's "the arguments of
 * a deferred call are evaluated when defer runs"): where they are assigned again while the scope is
 * open, and whether a new value is left for no registration to take. The body's graph and its
 * dataflow, the costly part, are built only when a variable can change at all, and once per body.
 */
public final class CapturedValues {
  private final DeferApi api;
  private final Registration registration;
  private final VisitorState state;
  // Held as java.util.function's Supplier, whose get() is unannotated: NullAway (outside its
  // JSpecify mode) reads the @ParametricNullness of Guava's Supplier.get() as @Nullable.
  private final Supplier<Optional<ScopeRef>> scope = Suppliers.memoize(this::scope);
  // Null where the body has no graph.
  private final Supplier<@Nullable LaterAssignments> laterAssignments =
      Suppliers.memoize(this::laterAssignments);

  /** The values {@code registration} (at the current path of {@code state}) takes. */
  public CapturedValues(DeferApi api, Registration registration, VisitorState state) {
    this.api = api;
    this.registration = registration;
    this.state = state;
  }

  /**
   * Whether the value {@code assignment} gives {@code variable} may reach the end of the body, or
   * be replaced, before a registration takes it: reopen, register, reopen, register handles them
   * all.
   */
  public boolean mayGoUnregistered(Tree assignment, Symbol variable) {
    ControlFlowGraph graph = graph();
    return graph == null
        || ControlFlow.analyze(
                graph,
                new UnregisteredKey(variable),
                g ->
                    UnregisteredValues.analyze(
                        g,
                        variable,
                        node ->
                            registrationAt(node)
                                .filter(registration -> registration.takes(variable))
                                .isPresent(),
                        value ->
                            registrationAt(value)
                                .filter(
                                    registration -> registration.kind() == RegistrationKind.CLOSING)
                                .isPresent()),
                state)
            .mayGoUnregistered(assignment);
  }

  private Optional<Registration> registrationAt(Node node) {
    return node instanceof MethodInvocationNode invocation && invocation.getTree() != null
        ? api.registration(invocation.getTree(), state)
        : Optional.empty();
  }

  /** The cache key of {@link UnregisteredValues} of one variable in one body's graph. */
  private record UnregisteredKey(Symbol variable) {}

  /** The later assignments in the body around the registration, analysed once per body. */
  private @Nullable LaterAssignments laterAssignments() {
    ControlFlowGraph graph = graph();
    if (graph == null) {
      return null;
    }
    return ControlFlow.analyze(
        graph,
        CapturedValues.class,
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
   * is open, leaving out the steps every iteration of a loop around the registration takes: a value
   * registered each iteration ({@code for (i...) scope.defer(print, i)}, Go's {@code defer
   * fmt.Println(i)}, also a {@code while} loop's {@code i++} or a variable set at the top of each
   * iteration) means to capture each value, and DeferInLoop reports the loop.
   */
  public Optional<Tree> firstLaterAssignment(Symbol variable) {
    List<Tree> loops = Loops.statementsAround(state.getPath());
    return laterAssignments(variable)
        .filter(
            assignment ->
                loops.stream()
                    .noneMatch(loop -> Loops.isEveryIterationsStep(loop, assignment, state)))
        .findFirst();
  }

  /**
   * {@link #firstLaterAssignment}, leaving out assignments of {@code null}: {@code c = null} after
   * {@code scope.defer(c::close)} gives the variable no object that a registration could miss.
   */
  public Optional<Tree> firstLaterAssignmentOfAnObject(Symbol variable) {
    return laterAssignments(variable)
        .filter(
            assignment ->
                !(assignment instanceof AssignmentTree assigned
                    && Sources.isNullLiteral(assigned.getExpression())))
        .findFirst();
  }

  private Stream<Tree> laterAssignments(Symbol variable) {
    if ((Variables.isLocal(variable) && isConsideredFinal(variable))
        || !LaterAssignments.mayBeAssignedAfter(state.getPath(), variable)) {
      return Stream.empty(); // Not assigned again: no need for the graph.
    }
    LaterAssignments later = laterAssignments.get();
    if (later == null) {
      return Stream.empty();
    }
    List<Tree> loopUpdates = Loops.forUpdatesAround(state.getPath());
    return later.after(registration.call(), variable).stream()
        .filter(
            assignment ->
                loopUpdates.stream().noneMatch(u -> Sources.contains(u, assignment, state)))
        .filter(assignment -> scope.get().map(s -> s.mayBeOpenAt(assignment, state)).orElse(true))
        .sorted(Comparator.comparingInt(tree -> getStartPosition(tree)));
  }

  /** The scope registered on, looked for only once an assignment may follow the registration. */
  private Optional<ScopeRef> scope() {
    return Optional.ofNullable(registration.receiver())
        .flatMap(receiver -> api.resolveScope(receiver, state.getPath(), state));
  }

  private @Nullable ControlFlowGraph graph() {
    TreePath body = ControlFlow.enclosingBody(state.getPath());
    return body == null ? null : ControlFlow.graph(body, state);
  }
}
