package io.github.deferlint.checks.flow;

import com.google.common.collect.ImmutableSet;
import com.sun.source.tree.Tree;
import com.sun.tools.javac.code.Symbol;
import io.github.deferlint.checks.util.Variables;
import java.util.function.Predicate;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.AssignmentNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;

/**
 * Which values assigned to one variable may go unregistered: on some path from the assignment, the
 * body ends normally, or the variable is assigned again, before any registration takes the value.
 * For {@code scope.defer(r::close); ... r = reopen();} the new object leaks only so; a body that
 * registers each new value in turn (reopen, register, reopen, register) handles every one.
 */
public final class UnregisteredValues {
  private final ImmutableSet<Tree> unregistered;

  private UnregisteredValues(ImmutableSet<Tree> unregistered) {
    this.unregistered = unregistered;
  }

  /**
   * Analyses the assignments to {@code variable} in {@code graph}, where {@code registers} tells
   * which nodes register the variable's current value, and {@code registering} which values are
   * registered as they are computed ({@code c = scope.closing(open())}).
   */
  public static UnregisteredValues analyze(
      ControlFlowGraph graph,
      Symbol variable,
      Predicate<Node> registers,
      Predicate<Node> registering) {
    FactFlow.Result<Tree> pending =
        new FactFlow<Tree>(FactFlow.Merge.UNION) {
          @Override
          protected ImmutableSet<Tree> transfer(Node node, ImmutableSet<Tree> before) {
            if (assigns(node, variable)) {
              return registering.test(((AssignmentNode) node).getExpression())
                  ? ImmutableSet.of()
                  : ImmutableSet.of(node.getTree());
            }
            return registers.test(node) ? ImmutableSet.of() : before;
          }
        }.run(graph);
    ImmutableSet.Builder<Tree> unregistered = ImmutableSet.builder();
    unregistered.addAll(pending.atRegularExit());
    for (Node node : graph.getAllNodes()) {
      if (assigns(node, variable)) {
        unregistered.addAll(pending.before(node)); // Overwritten before anything took it.
      }
    }
    return new UnregisteredValues(unregistered.build());
  }

  private static boolean assigns(Node node, Symbol variable) {
    return node instanceof AssignmentNode assignment
        && node.getTree() != null
        && variable.equals(Variables.variableNamed(assignment.getTarget()));
  }

  /** Whether the value {@code assignment} stores may go unregistered. */
  public boolean mayGoUnregistered(Tree assignment) {
    return unregistered.contains(assignment);
  }
}
