package io.github.deferlint.checks.flow;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Sets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.type.TypeMirror;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.errorprone.dataflow.analysis.ConditionalTransferResult;
import org.checkerframework.errorprone.dataflow.analysis.ForwardAnalysisImpl;
import org.checkerframework.errorprone.dataflow.analysis.ForwardTransferFunction;
import org.checkerframework.errorprone.dataflow.analysis.RegularTransferResult;
import org.checkerframework.errorprone.dataflow.analysis.Store;
import org.checkerframework.errorprone.dataflow.analysis.TransferInput;
import org.checkerframework.errorprone.dataflow.analysis.TransferResult;
import org.checkerframework.errorprone.dataflow.analysis.UnusedAbstractValue;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.UnderlyingAST;
import org.checkerframework.errorprone.dataflow.cfg.block.Block;
import org.checkerframework.errorprone.dataflow.cfg.block.ExceptionBlock;
import org.checkerframework.errorprone.dataflow.cfg.node.AbstractNodeVisitor;
import org.checkerframework.errorprone.dataflow.cfg.node.ConditionalAndNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ConditionalNotNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ConditionalOrNode;
import org.checkerframework.errorprone.dataflow.cfg.node.LocalVariableNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.visualize.CFGVisualizer;
import org.checkerframework.errorprone.dataflow.expression.JavaExpression;

/**
 * A forward dataflow analysis whose state is a set of facts: a subclass says how each node changes
 * the set, and whether paths merge by union ("on some path", a may-analysis) or by intersection
 * ("on every path", a must-analysis). The Checker Framework engine does the rest, exceptional edges
 * and loops included. A subclass may also say what a test teaches on each of its branches ({@link
 * #branches}): after {@code if (x == null)}, that {@code x} is null on one branch only.
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
   * The facts on each branch of a test: for a node whose value a branch tests ({@code x == null},
   * {@code x instanceof T}), the facts when it is true and when it is false, given those after it;
   * null (the default) for any other node, whose facts go on along both branches. The branches of a
   * {@code !}, {@code &&} and {@code ||} are taken care of here.
   */
  protected @Nullable Branches<F> branches(Node node, ImmutableSet<F> after) {
    return null;
  }

  /** What holds on the branch a test takes when true, and on the one it takes when false. */
  public record Branches<F>(ImmutableSet<F> whenTrue, ImmutableSet<F> whenFalse) {}

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
    Transfer transfer = new Transfer(before);
    ForwardAnalysisImpl<UnusedAbstractValue, Facts<F>, Transfer> analysis =
        new ForwardAnalysisImpl<>(transfer) {
          @Override
          public void performAnalysisBlock(Block block) {
            transfer.block = block;
            super.performAnalysisBlock(block);
          }
        };
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

    /** The block whose nodes the engine is running; null before the first. */
    private @Nullable Block block;

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
      if (node.getBlock() != block) {
        // The builder lists an array access twice: last in a regular block, then alone in an
        // exception block of its own, which has its exceptional edges. It runs there, once.
        return new RegularTransferResult<>(null, in, false);
      }
      before.put(node, in.facts);
      ImmutableSet<F> out = transfer(node, in.facts);
      Map<TypeMirror, Facts<F>> thrown = exceptionalStores(node, in.facts);
      Branches<F> branches = branches(node, out);
      if (branches != null) {
        Facts<F> whenTrue = new Facts<>(branches.whenTrue(), merge);
        Facts<F> whenFalse = new Facts<>(branches.whenFalse(), merge);
        boolean changed =
            !branches.whenTrue().equals(in.facts) || !branches.whenFalse().equals(in.facts);
        return thrown == null
            ? new ConditionalTransferResult<>(null, whenTrue, whenFalse, changed)
            : new ConditionalTransferResult<>(null, whenTrue, whenFalse, thrown, changed);
      }
      boolean changed = !out.equals(in.facts);
      Facts<F> regular = changed ? new Facts<>(out, merge) : in;
      return thrown == null
          ? new RegularTransferResult<>(null, regular, changed)
          : new RegularTransferResult<>(null, regular, thrown, changed);
    }

    /**
     * The facts that leave {@code node} along each of its exceptional edges, where {@link
     * #exceptionalTransfer} changes them; null where the engine's default applies.
     */
    private @Nullable Map<TypeMirror, Facts<F>> exceptionalStores(
        Node node, ImmutableSet<F> before) {
      ImmutableSet<F> exceptional = exceptionalTransfer(node, before);
      if (exceptional == before || !(node.getBlock() instanceof ExceptionBlock block)) {
        return null;
      }
      Map<TypeMirror, Facts<F>> thrown = new HashMap<>();
      Facts<F> leaving = new Facts<>(exceptional, merge);
      block.getExceptionalSuccessors().keySet().forEach(cause -> thrown.put(cause, leaving));
      return thrown;
    }

    /** {@code !test}: what held when the test was true holds when this one is false. */
    @Override
    public TransferResult<UnusedAbstractValue, Facts<F>> visitConditionalNot(
        ConditionalNotNode not, TransferInput<UnusedAbstractValue, Facts<F>> input) {
      return passBranches(not, input, true);
    }

    /** {@code a && b}: the graph brings each branch's facts here apart, to go on apart. */
    @Override
    public TransferResult<UnusedAbstractValue, Facts<F>> visitConditionalAnd(
        ConditionalAndNode and, TransferInput<UnusedAbstractValue, Facts<F>> input) {
      return passBranches(and, input, false);
    }

    /** {@code a || b}: as {@code &&}. */
    @Override
    public TransferResult<UnusedAbstractValue, Facts<F>> visitConditionalOr(
        ConditionalOrNode or, TransferInput<UnusedAbstractValue, Facts<F>> input) {
      return passBranches(or, input, false);
    }

    /** The facts of a test's branches, passed on to the branches of the node, or swapped. */
    private TransferResult<UnusedAbstractValue, Facts<F>> passBranches(
        Node node, TransferInput<UnusedAbstractValue, Facts<F>> input, boolean swapped) {
      if (!input.containsTwoStores()) {
        return visitNode(node, input);
      }
      before.put(node, input.getRegularStore().facts);
      Facts<F> whenTrue = swapped ? input.getElseStore() : input.getThenStore();
      Facts<F> whenFalse = swapped ? input.getThenStore() : input.getElseStore();
      return new ConditionalTransferResult<>(null, whenTrue, whenFalse, false);
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
