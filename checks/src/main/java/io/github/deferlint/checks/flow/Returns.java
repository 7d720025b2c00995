package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.sun.source.tree.ExpressionTree;
import java.util.Comparator;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.LambdaResultExpressionNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.node.ReturnNode;

/**
 * Where a body returns a value: its {@code return v;} statements, or an expression lambda's body.
 */
public final class Returns {
  private Returns() {}

  /** The nodes of {@code graph} that return a value, in source order. */
  public static ImmutableList<Node> of(ControlFlowGraph graph) {
    return graph.getAllNodes().stream()
        .filter(node -> value(node) != null)
        .sorted(Comparator.comparingInt(node -> getStartPosition(node.getTree())))
        .collect(ImmutableList.toImmutableList());
  }

  /** The node of the value {@code node} returns, or null when it is no return of a value. */
  public static @Nullable Node valueNode(Node node) {
    if (node instanceof ReturnNode returnNode) {
      return returnNode.getResult();
    }
    return node instanceof LambdaResultExpressionNode result ? result.getResult() : null;
  }

  /** The value that {@code node}, one of {@link #of}, returns. */
  public static ExpressionTree valueOfReturn(Node node) {
    return requireNonNull(value(node), "of(graph) keeps only the nodes that return a value");
  }

  /** The value that {@code node} returns, or null when it is no return of a value. */
  public static @Nullable ExpressionTree value(Node node) {
    if (node instanceof ReturnNode returnNode && returnNode.getResult() != null) {
      return returnNode.getTree().getExpression();
    }
    return node instanceof LambdaResultExpressionNode result ? result.getTree() : null;
  }
}
