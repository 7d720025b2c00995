package io.github.deferlint.checks.flow;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.block.Block;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;

/**
 * Whether a piece of code may run again without control leaving a region first: whether a statement
 * in a loop runs on several iterations, or at most once because every path from it leaves the loop
 * ({@code return}, {@code break}, {@code throw}, a labeled jump out of an outer loop) before coming
 * back.
 */
public final class Recurrence {
  private Recurrence() {}

  /**
   * Whether the code at {@code point} may run again, through a path of its body's control-flow
   * graph that starts after it and stays within {@code region} (trees of the same body, such as a
   * loop's condition, body and update): a path that leaves the region and comes back in through its
   * entry does not count. Exceptional paths count (a {@code catch} inside the region may lead to
   * the next iteration). Answers true when the graph cannot tell.
   */
  public static boolean mayRunAgainWithin(
      TreePath point, List<? extends Tree> region, VisitorState state) {
    TreePath body = ControlFlow.enclosingBody(point);
    ControlFlowGraph graph = body == null ? null : ControlFlow.graph(body, state);
    Set<Node> starts = graph == null ? null : graph.getTreeLookup().get(point.getLeaf());
    if (graph == null || starts == null || starts.isEmpty()) {
      return true;
    }
    Set<Tree> bodyTrees =
        ControlFlow.analyze(
            graph, Recurrence.class, g -> subtrees(List.of(g.getUnderlyingAST().getCode())), state);
    Set<Tree> regionTrees = subtrees(region);

    Deque<Block> pending = new ArrayDeque<>();
    Set<Block> entered = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node start : starts) {
      List<Node> nodes = start.getBlock().getNodes();
      Walk rest =
          walk(
              nodes.subList(nodes.indexOf(start) + 1, nodes.size()),
              starts,
              bodyTrees,
              regionTrees);
      if (rest == Walk.RETURNED) {
        return true;
      }
      if (rest == Walk.CONTINUES) {
        pending.addAll(start.getBlock().getSuccessors());
      }
    }
    while (!pending.isEmpty()) {
      Block block = pending.pop();
      if (!entered.add(block)) {
        continue;
      }
      Walk walk = walk(block.getNodes(), starts, bodyTrees, regionTrees);
      if (walk == Walk.RETURNED) {
        return true;
      }
      if (walk == Walk.CONTINUES) {
        pending.addAll(block.getSuccessors());
      }
    }
    return false;
  }

  private enum Walk {
    /** Reached one of the start nodes again. */
    RETURNED,
    /** Reached code of the body outside the region. */
    LEFT,
    /** Went through the nodes; the path goes on to the block's successors. */
    CONTINUES
  }

  /**
   * Follows {@code nodes} in order. Nodes the graph builder made up (an enhanced {@code for}'s
   * iterator calls) and nodes without a tree belong to no particular code and are passed through.
   */
  private static Walk walk(
      List<Node> nodes, Set<Node> starts, Set<Tree> bodyTrees, Set<Tree> regionTrees) {
    for (Node node : nodes) {
      if (starts.contains(node)) {
        return Walk.RETURNED;
      }
      Tree tree = node.getTree();
      if (tree != null && bodyTrees.contains(tree) && !regionTrees.contains(tree)) {
        return Walk.LEFT;
      }
    }
    return Walk.CONTINUES;
  }

  /** Every tree within {@code roots}, by identity. */
  private static Set<Tree> subtrees(List<? extends Tree> roots) {
    Set<Tree> trees = Collections.newSetFromMap(new IdentityHashMap<>());
    TreeScanner<Void, Void> collector =
        new TreeScanner<>() {
          @Override
          public Void scan(Tree tree, Void unused) {
            if (tree != null) {
              trees.add(tree);
            }
            return super.scan(tree, null);
          }
        };
    roots.forEach(root -> collector.scan(root, null));
    return trees;
  }
}
