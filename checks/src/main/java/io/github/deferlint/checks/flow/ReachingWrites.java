package io.github.deferlint.checks.flow;

import com.google.common.collect.ImmutableSet;
import com.sun.source.tree.Tree;
import java.util.function.Function;
import java.util.function.Predicate;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;

/**
 * Which writes of one location may still be its value at each point of one body's control-flow
 * graph (reaching definitions), and which of them something may read: a write that no read can see
 * is dead, whatever comes after it.
 *
 * <p>The location is the caller's to define: it classifies each node as a write, a read, or
 * neither. A write replaces every write before it on its path; a read sees the writes reaching it.
 */
public final class ReachingWrites {

  /** What a node does to the location. */
  public enum Access {
    /** The node sets the location: the writes before it are no longer its value. */
    WRITE,
    /** The node may read the location (or let something else read it). */
    READ,
    /** The node does not touch the location. */
    NONE
  }

  private final FactFlow.Result<Tree> reaching;
  private final ImmutableSet<Tree> read;

  private ReachingWrites(FactFlow.Result<Tree> reaching, ImmutableSet<Tree> read) {
    this.reaching = reaching;
    this.read = read;
  }

  /**
   * Analyses {@code graph}, where {@code access} classifies each node. With {@code
   * readAtExceptionalExit}, completing by a throwable counts as a read: someone (a recovering
   * deferred action, say) may look at the location afterwards. The nodes {@code onlyMisuseThrows}
   * accepts throw only where the code is wrong anyway (a registration given null): no write is
   * taken to leave through their exceptions.
   */
  public static ReachingWrites analyze(
      ControlFlowGraph graph,
      Function<Node, Access> access,
      boolean readAtExceptionalExit,
      Predicate<Node> onlyMisuseThrows) {
    FactFlow.Result<Tree> reaching =
        new FactFlow<Tree>(FactFlow.Merge.UNION) {
          @Override
          protected ImmutableSet<Tree> transfer(Node node, ImmutableSet<Tree> before) {
            return access.apply(node) == Access.WRITE && node.getTree() != null
                ? ImmutableSet.of(node.getTree())
                : before;
          }

          @Override
          protected ImmutableSet<Tree> exceptionalTransfer(Node node, ImmutableSet<Tree> before) {
            return onlyMisuseThrows.test(node) ? ImmutableSet.of() : before;
          }
        }.run(graph);
    ImmutableSet.Builder<Tree> read = ImmutableSet.builder();
    for (Node node : graph.getAllNodes()) {
      if (access.apply(node) == Access.READ) {
        read.addAll(reaching.before(node));
      }
    }
    if (readAtExceptionalExit) {
      read.addAll(reaching.atExceptionalExit());
    }
    return new ReachingWrites(reaching, read.build());
  }

  /** The writes (their trees) whose value the location may hold just before {@code node}. */
  public ImmutableSet<Tree> reaching(Node node) {
    return reaching.before(node);
  }

  /** Whether some read may see the value that {@code write} stored. */
  public boolean mayBeRead(Tree write) {
    return read.contains(write);
  }
}
