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
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.util.OwnCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;

/**
 * Which registrations of a body have run when control reaches a node of its graph: on every path
 * there (the deferred action will surely run after it) or on some path (it may).
 */
public final class Registrations {
  private final FactFlow.Result<Tree> ran;

  private Registrations(FactFlow.Result<Tree> ran) {
    this.ran = ran;
  }

  /** The calls in the code of {@code graph}, each once. */
  public static ImmutableList<MethodInvocationTree> callsIn(ControlFlowGraph graph) {
    return graph.getAllNodes().stream()
        .filter(MethodInvocationNode.class::isInstance)
        .map(node -> ((MethodInvocationNode) node).getTree())
        .filter(Objects::nonNull)
        .distinct()
        .collect(ImmutableList.toImmutableList());
  }

  /** The calls in the own code {@code code}, as its graph holds them ({@link OwnCode}). */
  public static ImmutableList<MethodInvocationTree> callsIn(Tree code) {
    ImmutableList.Builder<MethodInvocationTree> calls = ImmutableList.builder();
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        calls.add(call);
        return super.visitMethodInvocation(call, null);
      }
    }.scan(code, null);
    return calls.build();
  }

  /** The registrations among {@code calls}, in source order: those {@code registration} takes. */
  public static ImmutableList<Registration> among(
      Collection<MethodInvocationTree> calls,
      Function<MethodInvocationTree, Optional<Registration>> registration) {
    return calls.stream()
        .flatMap(call -> registration.apply(call).stream())
        .sorted(Comparator.comparingInt(r -> getStartPosition(r.call())))
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * The registrations made in the bodies of scopes that {@code calls} open ({@code Defer.run(inner
   * -> outer.defer(..))}), and in the bodies of scopes those open, by the opener call: once the
   * opener returned, those made on a scope around it have run as if the code had made them itself.
   * Take the opener call for them in {@link #onEveryPath} and {@link #onSomePath}.
   */
  public static ImmutableSetMultimap<MethodInvocationTree, Registration> inBodiesOfScopesOpened(
      Collection<MethodInvocationTree> calls,
      Function<MethodInvocationTree, Optional<Registration>> registration,
      DeferApi api,
      VisitorState state) {
    ImmutableSetMultimap.Builder<MethodInvocationTree, Registration> made =
        ImmutableSetMultimap.builder();
    for (MethodInvocationTree call : calls) {
      scopeBodyThatMayRegister(call, api, state)
          .ifPresent(body -> made.putAll(call, registrationsIn(body, registration, api, state)));
    }
    return made.build();
  }

  /**
   * Whether {@code code} calls a registration's name, by name alone: in its own code, or in a
   * lambda it passes on (a scope's body, maybe).
   */
  public static boolean callsARegistrationsName(Tree code, DeferApi api) {
    boolean[] may = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        may[0] |= api.mayRegister(call);
        for (ExpressionTree argument : call.getArguments()) {
          may[0] |=
              argument instanceof LambdaExpressionTree lambda
                  && callsARegistrationsName(lambda.getBody(), api);
        }
        return may[0] ? null : super.visitMethodInvocation(call, null);
      }
    }.scan(code, null);
    return may[0];
  }

  /** The registrations of the own code of the scope body {@code body}, and of those it opens. */
  private static List<Registration> registrationsIn(
      LambdaExpressionTree body,
      Function<MethodInvocationTree, Optional<Registration>> registration,
      DeferApi api,
      VisitorState state) {
    List<Registration> found = new ArrayList<>();
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (api.mayRegister(call)) {
          registration.apply(call).ifPresent(found::add);
        }
        scopeBodyThatMayRegister(call, api, state)
            .ifPresent(inner -> found.addAll(registrationsIn(inner, registration, api, state)));
        return super.visitMethodInvocation(call, null);
      }
    }.scan(body.getBody(), null);
    return found;
  }

  /** The inline body of the opener {@code call}, if its code may register. */
  private static Optional<LambdaExpressionTree> scopeBodyThatMayRegister(
      MethodInvocationTree call, DeferApi api, VisitorState state) {
    boolean mayRegister =
        call.getArguments().stream()
            .anyMatch(
                argument ->
                    argument instanceof LambdaExpressionTree lambda
                        && callsARegistrationsName(lambda.getBody(), api));
    if (!mayRegister) {
      return Optional.empty(); // Decided on the source: most calls pass no lambda that registers.
    }
    return api.scopeBody(call, state)
        .filter(LambdaExpressionTree.class::isInstance)
        .map(LambdaExpressionTree.class::cast)
        .filter(lambda -> callsARegistrationsName(lambda.getBody(), api));
  }

  /** The registrations among {@code calls} that ran on every path to each node. */
  public static Registrations onEveryPath(
      ControlFlowGraph graph, Collection<MethodInvocationTree> calls) {
    return analyze(graph, calls, FactFlow.Merge.INTERSECTION);
  }

  /** The registrations among {@code calls} that ran on some path to each node. */
  public static Registrations onSomePath(
      ControlFlowGraph graph, Collection<MethodInvocationTree> calls) {
    return analyze(graph, calls, FactFlow.Merge.UNION);
  }

  private static Registrations analyze(
      ControlFlowGraph graph, Collection<MethodInvocationTree> calls, FactFlow.Merge merge) {
    ImmutableSet<MethodInvocationTree> registrations = ImmutableSet.copyOf(calls);
    return new Registrations(
        FactFlow.marksBefore(
            graph,
            merge,
            node ->
                node instanceof MethodInvocationNode invocation
                        && registrations.contains(invocation.getTree())
                    ? invocation.getTree()
                    : null));
  }

  /** The registrations (their calls) that have run just before {@code node}. */
  public ImmutableSet<Tree> before(Node node) {
    return ran.before(node);
  }

  /** The first of {@code nodes} reached only after {@code registration} ran. */
  public Optional<Node> firstAfter(Tree registration, ImmutableList<Node> nodes) {
    return nodes.stream().filter(node -> ran.before(node).contains(registration)).findFirst();
  }

  /** The nodes of {@code nodes} reached after {@code registration} ran. */
  public ImmutableList<Node> allAfter(Tree registration, ImmutableList<Node> nodes) {
    return nodes.stream()
        .filter(node -> ran.before(node).contains(registration))
        .collect(ImmutableList.toImmutableList());
  }
}
