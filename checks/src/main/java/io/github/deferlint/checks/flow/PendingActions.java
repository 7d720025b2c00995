package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getStartPosition;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSetMultimap;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.DeferredAction;
import io.github.deferlint.checks.model.Execution;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.model.ScopeRef;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.Sources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;

/**
 * The deferred actions still to run when the code at a point runs: the registrations made on some
 * path before it, on scopes still open there. The bodies around the point are followed outwards as
 * far as they run right where they are written (a scope body, a {@code forEach} lambda, a deferred
 * action: see {@link Execution}); code that runs elsewhere or later ends the search, and so does a
 * named method, whose callers are not followed.
 *
 * <p>In a deferred action, the actions still to run are those registered before it on its scope
 * (they run after it, last in first out) and those of the scopes around.
 *
 * @param pending the registrations whose actions are still to run, in source order
 * @param action the innermost deferred action the point runs in, if it runs in one
 */
public record PendingActions(ImmutableList<Pending> pending, Optional<DeferredAction> action) {

  /**
   * A registration made before the point, on a scope still open there.
   *
   * @param registration the registering call
   * @param scope the scope it registered on
   */
  public record Pending(Registration registration, ScopeRef scope) {}

  /**
   * The registrations of a body's own code, and those made in the bodies of the scopes it opens, by
   * opener.
   */
  private record Made(
      ImmutableList<Registration> registrations,
      ImmutableSetMultimap<MethodInvocationTree, Registration> inScopeBodies) {

    static Made among(List<MethodInvocationTree> own, DeferApi api, VisitorState state) {
      return new Made(
          Registrations.among(own, call -> api.registration(call, state)),
          Registrations.inBodiesOfScopesOpened(
              own, call -> api.registration(call, state), api, state));
    }

    /** The calls that register: the registrations, and the openers of scopes whose bodies do. */
    List<MethodInvocationTree> calls() {
      List<MethodInvocationTree> calls = new ArrayList<>();
      registrations.forEach(registration -> calls.add(registration.call()));
      calls.addAll(inScopeBodies.keySet());
      return calls;
    }
  }

  /** Of the calls that register, those that have run at the site asked about. */
  private record Analysis(Made made, ImmutableSet<Tree> ran) {}

  /** The same for each node of a body's graph, once per graph; null where nothing registers. */
  private record GraphAnalysis(Made made, @Nullable Registrations ran) {}

  public boolean isEmpty() {
    return pending.isEmpty();
  }

  /** The deferred actions still to run when the code at {@code point} runs. */
  public static PendingActions at(TreePath point, DeferApi api, VisitorState state) {
    List<Pending> pending = new ArrayList<>();
    Optional<DeferredAction> action = Optional.empty();
    Tree ownRegistration = null; // An action is not pending while it runs.
    TreePath site = point;
    for (TreePath body = ControlFlow.enclosingBody(site);
        body != null;
        body = site == null ? null : ControlFlow.enclosingBody(site)) {
      pending.addAll(pendingIn(body, site, ownRegistration, api, state));
      TreePath function = inlineFunction(body, state);
      if (function == null) {
        break;
      }
      Execution execution = Execution.of(function, api, state);
      MethodInvocationTree call = execution.call(); // Null only when UNKNOWN.
      if (execution.when() == Execution.When.UNKNOWN || call == null) {
        break;
      }
      ownRegistration = null;
      if (execution.when() == Execution.When.DEFERRED_ACTION) {
        ownRegistration = call;
        if (action.isEmpty()) {
          action = api.deferredAction((ExpressionTree) function.getLeaf(), function, state);
        }
      }
      site = pathTo(call, function);
    }
    pending.sort(Comparator.comparingInt(p -> getStartPosition(p.registration().call())));
    return new PendingActions(ImmutableList.copyOf(pending), action);
  }

  /**
   * The registrations of {@code body}'s own code that ran before {@code site}, still open there.
   */
  private static List<Pending> pendingIn(
      TreePath body,
      TreePath site,
      @Nullable Tree ownRegistration,
      DeferApi api,
      VisitorState state) {
    if (!mayRegisterInOwnCode(body, api)) {
      return List.of(); // Decided on the source, before the body's graph is built.
    }
    Analysis analysis = onSource(body, site, api, state);
    if (analysis == null) {
      analysis = onGraph(body, site, api, state);
    }
    if (analysis == null) {
      return List.of(); // No graph, or the site is not in it.
    }
    ImmutableSet<Tree> ran = analysis.ran();
    List<Pending> pending = new ArrayList<>();
    for (Registration registration : analysis.made().registrations()) {
      if (ran.contains(registration.call()) && registration.call() != ownRegistration) {
        addIfOpen(registration, body, site, false, pending, api, state);
      }
    }
    analysis
        .made()
        .inScopeBodies()
        .forEach(
            (opener, inside) -> {
              if (ran.contains(opener)) {
                // The inner scopes have ended: only a scope around the site is still open.
                addIfOpen(inside, body, site, true, pending, api, state);
              }
            });
    return pending;
  }

  private static void addIfOpen(
      Registration registration,
      TreePath body,
      TreePath site,
      boolean onlyAroundTheSite,
      List<Pending> pending,
      DeferApi api,
      VisitorState state) {
    if (registration.receiver() == null) {
      return;
    }
    TreePath registrationPath = TreePath.getPath(body, registration.call());
    api.resolveScope(registration.receiver(), registrationPath, state)
        .filter(scope -> scope.mayBeOpenAt(site.getLeaf(), state))
        .filter(
            scope -> !onlyAroundTheSite || Sources.contains(scope.region(), site.getLeaf(), state))
        .ifPresent(scope -> pending.add(new Pending(registration, scope)));
  }

  /** Whether the body's own code (not a nested lambda's or class's) calls a registration's name. */
  private static boolean mayRegisterInOwnCode(TreePath body, DeferApi api) {
    return Registrations.callsARegistrationsName(ControlFlow.code(body).getLeaf(), api);
  }

  /**
   * The analysis at {@code site} decided on the source ({@link StraightLine}), or null where the
   * source does not settle it: most bodies need no graph.
   */
  private static @Nullable Analysis onSource(
      TreePath body, TreePath site, DeferApi api, VisitorState state) {
    TreePath code = ControlFlow.code(body);
    Made made = Made.among(Registrations.callsIn(code.getLeaf()), api, state);
    return StraightLine.ranOnSomePathBefore(code, site, made.calls())
        .map(ran -> new Analysis(made, ran))
        .orElse(null);
  }

  /** The analysis at {@code site} on the body's graph; null without a graph, or off it. */
  private static @Nullable Analysis onGraph(
      TreePath body, TreePath site, DeferApi api, VisitorState state) {
    ControlFlowGraph graph = ControlFlow.graph(body, state);
    if (graph == null) {
      return null;
    }
    GraphAnalysis analysis =
        ControlFlow.analyze(graph, PendingActions.class, g -> analyze(g, api, state), state);
    Set<Node> nodes = graph.getTreeLookup().get(site.getLeaf());
    Registrations registered = analysis.ran();
    if (registered == null || nodes == null) {
      return null;
    }
    ImmutableSet<Tree> ran =
        nodes.stream()
            .flatMap(node -> registered.before(node).stream())
            .collect(ImmutableSet.toImmutableSet());
    return new Analysis(analysis.made(), ran);
  }

  private static GraphAnalysis analyze(ControlFlowGraph graph, DeferApi api, VisitorState state) {
    Made made = Made.among(Registrations.callsIn(graph), api, state);
    List<MethodInvocationTree> calls = made.calls();
    return new GraphAnalysis(made, calls.isEmpty() ? null : Registrations.onSomePath(graph, calls));
  }

  /**
   * The function written inline that {@code body} is the code of: the lambda itself, or the
   * instance creation of an anonymous class whose functional method it is; null for any other
   * method or an initializer.
   */
  private static @Nullable TreePath inlineFunction(TreePath body, VisitorState state) {
    if (body.getLeaf() instanceof LambdaExpressionTree) {
      return body;
    }
    return Functions.anonymousFunction(body, state).orElse(null);
  }

  /** The path of {@code call}, which encloses the function at {@code function}. */
  private static TreePath pathTo(MethodInvocationTree call, TreePath function) {
    TreePath current = function;
    while (current != null && current.getLeaf() != call) {
      current = current.getParentPath();
    }
    return current;
  }
}
