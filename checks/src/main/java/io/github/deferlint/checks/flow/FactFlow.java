package io.github.deferlint.checks.flow;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.type.TypeMirror;
import org.checkerframework.errorprone.dataflow.analysis.ForwardAnalysisImpl;
import org.checkerframework.errorprone.dataflow.analysis.ForwardTransferFunction;
import org.checkerframework.errorprone.dataflow.analysis.RegularTransferResult;
import org.checkerframework.errorprone.dataflow.analysis.Store;
import org.checkerframework.errorprone.dataflow.analysis.TransferInput;
import org.checkerframework.errorprone.dataflow.analysis.TransferResult;
import org.checkerframework.errorprone.dataflow.analysis.UnusedAbstractValue;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.UnderlyingAST;
import org.checkerframework.errorprone.dataflow.cfg.block.ExceptionBlock;
import org.checkerframework.errorprone.dataflow.cfg.node.AbstractNodeVisitor;
import org.checkerframework.errorprone.dataflow.cfg.node.LocalVariableNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.visualize.CFGVisualizer;
import org.checkerframework.errorprone.dataflow.expression.JavaExpression;

/**
 * A forward dataflow analysis whose state is a set of facts: a subclass says how each node changes
 * the set, and whether paths merge by union ("on some path", a may-analysis) or by intersection
 * ("on every path", a must-analysis). The Checker Framework engine does the rest, exceptional edges
 * and loops included.
 *
 * @param <F> the facts; they need value equality
 */
public abstract class FactFlow<F> {

  /** How facts from paths that meet are combined. */
  public enum Merge {
    /** A fact holds if it holds on some incoming path. */
    UNION,
    /** A fact holds only if it holds on every incoming path. */
    INTERSECTION
  }

  private final Merge merge;

  protected FactFlow(Merge merge) {
    this.merge = merge;
  }

  /** The facts after {@code node}, given those before it. */
  protected abstract ImmutableSet<F> transfer(Node node, ImmutableSet<F> before);

  /**
   * The facts that leave {@code node} along its exceptional edges, given those before it; by
   * default those before it, as the engine has it: the node did not complete.
   */
  protected ImmutableSet<F> exceptionalTransfer(Node node, ImmutableSet<F> before) {
    return before;
  }

  /**
   * The facts that {@code mark} gives the nodes that ran before each node: on some path ({@code
   * UNION}) or on every path ({@code INTERSECTION}). Most nodes get none ({@code mark} returns
   * null).
   */
  public static <F> Result<F> marksBefore(
      ControlFlowGraph graph, Merge merge, Function<Node, F> mark) {
    return new FactFlow<F>(merge) {
      @Override
      protected ImmutableSet<F> transfer(Node node, ImmutableSet<F> before) {
        F fact = mark.apply(node);
        return fact == null || before.contains(fact)
            ? before
            : ImmutableSet.<F>builder().addAll(before).add(fact).build();
      }
    }.run(graph);
  }

  /** Runs the analysis over {@code graph}; ask the result for the facts before each node. */
  public final Result<F> run(ControlFlowGraph graph) {
    IdentityHashMap<Node, ImmutableSet<F>> before = new IdentityHashMap<>();
    ForwardAnalysisImpl<UnusedAbstractValue, Facts<F>, Transfer> analysis =
        new ForwardAnalysisImpl<>(new Transfer(before));
    analysis.performAnalysis(graph);
    return new Result<>(
        before,
        factsAt(analysis.getInput(graph.getRegularExitBlock())),
        factsAt(analysis.getInput(graph.getExceptionalExitBlock())));
  }

  /** The facts entering a block; empty where no path reaches it. */
  private static <F> ImmutableSet<F> factsAt(TransferInput<UnusedAbstractValue, Facts<F>> input) {
    return input == null ? ImmutableSet.of() : input.getRegularStore().facts;
  }

  /** The facts found around each node of one graph. */
  public static final class Result<F> {
    private final IdentityHashMap<Node, ImmutableSet<F>> before;
    private final ImmutableSet<F> atRegularExit;
    private final ImmutableSet<F> atExceptionalExit;

    private Result(
        IdentityHashMap<Node, ImmutableSet<F>> before,
        ImmutableSet<F> atRegularExit,
        ImmutableSet<F> atExceptionalExit) {
      this.before = before;
      this.atRegularExit = atRegularExit;
      this.atExceptionalExit = atExceptionalExit;
    }

    /**
     * The facts holding just before {@code node}; empty where the node is unreachable, or where the
     * engine does not run the transfer function (an assignment's target).
     */
    public ImmutableSet<F> before(Node node) {
      return before.getOrDefault(node, ImmutableSet.of());
    }

    /** The facts holding when the body completes normally (empty if it never does). */
    public ImmutableSet<F> atRegularExit() {
      return atRegularExit;
    }

    /** The facts holding when the body completes by a throwable (empty if it never does). */
    public ImmutableSet<F> atExceptionalExit() {
      return atExceptionalExit;
    }
  }

  /**
   * The transfer function, which also keeps the facts each node last saw. The engine runs a block
   * again whenever its input changes, so the last input a node saw is its input at the fixed point:
   * kept here, it spares {@code AnalysisResult.getStoreBefore}, which replays the block up to the
   * node on every call.
   */
  private final class Transfer
      extends AbstractNodeVisitor<
          TransferResult<UnusedAbstractValue, Facts<F>>,
          TransferInput<UnusedAbstractValue, Facts<F>>>
      implements ForwardTransferFunction<UnusedAbstractValue, Facts<F>> {
    private final IdentityHashMap<Node, ImmutableSet<F>> before;

    Transfer(IdentityHashMap<Node, ImmutableSet<F>> before) {
      this.before = before;
    }

    @Override
    public Facts<F> initialStore(UnderlyingAST ast, List<LocalVariableNode> parameters) {
      return new Facts<>(ImmutableSet.of(), merge);
    }

    @Override
    public TransferResult<UnusedAbstractValue, Facts<F>> visitNode(
        Node node, TransferInput<UnusedAbstractValue, Facts<F>> input) {
      Facts<F> in = input.getRegularStore();
      before.put(node, in.facts);
      ImmutableSet<F> out = transfer(node, in.facts);
      boolean changed = !out.equals(in.facts);
      Facts<F> regular = changed ? new Facts<>(out, merge) : in;
      ImmutableSet<F> exceptional = exceptionalTransfer(node, in.facts);
      if (exceptional == in.facts || !(node.getBlock() instanceof ExceptionBlock block)) {
        return new RegularTransferResult<>(null, regular, changed);
      }
      Map<TypeMirror, Facts<F>> thrown = new HashMap<>();
      Facts<F> leaving = new Facts<>(exceptional, merge);
      block.getExceptionalSuccessors().keySet().forEach(cause -> thrown.put(cause, leaving));
      return new RegularTransferResult<>(null, regular, thrown, changed);
    }
  }

  /** The dataflow store: an immutable set of facts. */
  static final class Facts<F> implements Store<Facts<F>> {
    final ImmutableSet<F> facts;
    private final Merge merge;

    Facts(ImmutableSet<F> facts, Merge merge) {
      this.facts = facts;
      this.merge = merge;
    }

    @Override
    public Facts<F> copy() {
      return this; // Immutable.
    }

    @Override
    public Facts<F> leastUpperBound(Facts<F> other) {
      ImmutableSet<F> merged =
          merge == Merge.UNION
              ? Sets.union(facts, other.facts).immutableCopy()
              : Sets.intersection(facts, other.facts).immutableCopy();
      return new Facts<>(merged, merge);
    }

    @Override
    public Facts<F> widenedUpperBound(Facts<F> previous) {
      return leastUpperBound(previous); // Finite sets of facts: no widening needed.
    }

    @Override
    public boolean canAlias(JavaExpression a, JavaExpression b) {
      return true;
    }

    @Override
    public String visualize(CFGVisualizer<?, Facts<F>, ?> visualizer) {
      return facts.toString();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Facts<?> that && facts.equals(that.facts);
    }

    @Override
    public int hashCode() {
      return facts.hashCode();
    }

    @Override
    public String toString() {
      return facts.toString();
    }
  }
}
