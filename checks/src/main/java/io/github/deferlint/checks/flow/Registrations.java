package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getStartPosition;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import io.github.deferlint.checks.model.Registration;
import java.util.Collection;
import java.util.Comparator;
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

  /**
   * The registrations in the code of {@code graph}, in source order: the calls that {@code
   * registration} takes for one.
   */
  public static ImmutableList<Registration> inGraph(
      ControlFlowGraph graph, Function<MethodInvocationTree, Optional<Registration>> registration) {
    return graph.getAllNodes().stream()
        .filter(MethodInvocationNode.class::isInstance)
        .map(node -> ((MethodInvocationNode) node).getTree())
        .filter(Objects::nonNull)
        .distinct()
        .flatMap(call -> registration.apply(call).stream())
        .sorted(Comparator.comparingInt(r -> getStartPosition(r.call())))
        .collect(ImmutableList.toImmutableList());
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
