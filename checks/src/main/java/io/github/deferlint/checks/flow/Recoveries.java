package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getStartPosition;

import com.google.common.collect.ImmutableSet;
import com.sun.source.tree.MethodInvocationTree;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.AssignmentNode;
import org.checkerframework.errorprone.dataflow.cfg.node.LocalVariableNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;

/**
 * Whether a deferred action may stop a throwable and then complete normally: Go's deferred function
 * that recovers, after which its function returns as if nothing happened. Decided on the action's
 * graph, following what {@code recover()} returned: on the branch where a test shows it null
 * ({@code if (t == null) return;}, {@code if (scope.recover() != null) ...}'s else) nothing was
 * stopped; on the others the action stopped a throwable, and recovers unless every such path ends
 * in a {@code throw} (or a call that throws, on its exceptional edge).
 */
public final class Recoveries {
  private Recoveries() {}

  /** A fact about one path through the action. */
  private sealed interface Fact {
    /** {@code call}, a {@code recover()}, returned a throwable on this path: it was stopped. */
    record Stopped(MethodInvocationTree call) implements Fact {}

    /** {@code variable} holds what {@code call}, a {@code recover()}, returned. */
    record Holds(Element variable, MethodInvocationTree call) implements Fact {}
  }

  /**
   * The first {@code recover()} call (as {@code isRecover} tells them) after which the action of
   * {@code graph} may complete normally with a throwable stopped; empty when there is none, or when
   * every path on which one returned a throwable leaves the action by a throwable.
   */
  public static Optional<MethodInvocationTree> completingNormally(
      ControlFlowGraph graph, Predicate<MethodInvocationTree> isRecover) {
    FactFlow.Result<Fact> result = new Flow(isRecover).run(graph);
    return result.atRegularExit().stream()
        .filter(Fact.Stopped.class::isInstance)
        .map(fact -> ((Fact.Stopped) fact).call())
        .min(Comparator.comparingInt(call -> getStartPosition(call)));
  }

  private static final class Flow extends FactFlow<Fact> {
    private final Predicate<MethodInvocationTree> isRecover;

    Flow(Predicate<MethodInvocationTree> isRecover) {
      super(Merge.UNION);
      this.isRecover = isRecover;
    }

    @Override
    protected ImmutableSet<Fact> transfer(Node node, ImmutableSet<Fact> before) {
      MethodInvocationTree recover = recoverCall(node);
      if (recover != null) {
        return with(before, new Fact.Stopped(recover));
      }
      if (node instanceof AssignmentNode assignment
          && assignment.getTarget() instanceof LocalVariableNode target) {
        Element variable = target.getElement();
        ImmutableSet.Builder<Fact> after = ImmutableSet.builder();
        before.stream()
            .filter(
                fact -> !(fact instanceof Fact.Holds holds && holds.variable().equals(variable)))
            .forEach(after::add);
        MethodInvocationTree held =
            heldCall(NullTest.withoutCasts(assignment.getExpression()), before);
        if (held != null) {
          after.add(new Fact.Holds(variable, held));
        }
        return after.build();
      }
      return before;
    }

    /** A test of what a {@code recover()} returned against null: nothing was stopped where null. */
    @Override
    protected Branches<Fact> branches(Node node, ImmutableSet<Fact> after) {
      NullTest test = NullTest.of(node).orElse(null);
      MethodInvocationTree call = test == null ? null : heldCall(test.tested(), after);
      if (call == null) {
        return null;
      }
      Fact stopped = new Fact.Stopped(call);
      ImmutableSet<Fact> stoppedNothing =
          after.stream()
              .filter(fact -> !fact.equals(stopped))
              .collect(ImmutableSet.toImmutableSet());
      return test.branches(after, stoppedNothing, after);
    }

    /**
     * The {@code recover()} call whose result {@code value} is: the call, or a local holding it.
     */
    private MethodInvocationTree heldCall(Node value, ImmutableSet<Fact> facts) {
      MethodInvocationTree recover = recoverCall(value);
      if (recover != null) {
        return recover;
      }
      if (value instanceof LocalVariableNode local) {
        for (Fact fact : facts) {
          if (fact instanceof Fact.Holds holds && holds.variable().equals(local.getElement())) {
            return holds.call();
          }
        }
      }
      return null;
    }

    private MethodInvocationTree recoverCall(Node node) {
      return node instanceof MethodInvocationNode invocation
              && invocation.getTree() != null
              && isRecover.test(invocation.getTree())
          ? invocation.getTree()
          : null;
    }
  }

  private static <F> ImmutableSet<F> with(ImmutableSet<F> facts, F fact) {
    return facts.contains(fact) ? facts : ImmutableSet.<F>builder().addAll(facts).add(fact).build();
  }
}
