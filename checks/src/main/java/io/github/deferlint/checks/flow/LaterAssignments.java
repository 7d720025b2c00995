package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSetMultimap;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.Element;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.AssignmentNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.node.VariableDeclarationNode;

/**
 * Which variables may be assigned again after the point where their value was taken, on some path
 * of one body's control-flow graph: Go's "the arguments of a deferred call are evaluated when
 * {@code defer} runs" question.
 *
 * <p>A capture point is a node that takes the current value of some variables (locals, parameters,
 * or fields of {@code this}). A later assignment is one reachable from the capture point, loops'
 * back edges and {@code finally} paths included. A declaration of the variable in between starts a
 * fresh variable (a loop body's {@code var in = open(f);}), so assignments after it do not count.
 */
public final class LaterAssignments {

  /** The value of {@code variable} taken at {@code capturePoint} (a tree of the analysed body). */
  public record Capture(Tree capturePoint, Symbol variable) {}

  private final ImmutableSetMultimap<Capture, Tree> assignmentsAfter;

  private LaterAssignments(ImmutableSetMultimap<Capture, Tree> assignmentsAfter) {
    this.assignmentsAfter = assignmentsAfter;
  }

  /**
   * Analyses {@code graph}, where {@code capturedAt} tells for each node which variables it takes
   * the value of (empty for most nodes).
   */
  public static LaterAssignments analyze(
      ControlFlowGraph graph, Function<Node, ImmutableSet<Symbol>> capturedAt) {
    FactFlow.Result<Capture> captures =
        new FactFlow<Capture>(FactFlow.Merge.UNION) {
          @Override
          protected ImmutableSet<Capture> transfer(Node node, ImmutableSet<Capture> before) {
            if (node instanceof VariableDeclarationNode declaration) {
              Element declared = declaredVariable(declaration);
              return before.stream()
                  .filter(capture -> !capture.variable().equals(declared))
                  .collect(ImmutableSet.toImmutableSet());
            }
            ImmutableSet<Symbol> captured = capturedAt.apply(node);
            if (captured.isEmpty() || node.getTree() == null) {
              return before;
            }
            ImmutableSet.Builder<Capture> after = ImmutableSet.<Capture>builder().addAll(before);
            captured.forEach(variable -> after.add(new Capture(node.getTree(), variable)));
            return after.build();
          }
        }.run(graph);

    ImmutableSetMultimap.Builder<Capture, Tree> found = ImmutableSetMultimap.builder();
    for (Node node : graph.getAllNodes()) {
      if (node instanceof AssignmentNode assignment
          && !(assignment.getTree() instanceof VariableTree)) {
        Element target = Variables.variableNamed(assignment.getTarget());
        if (target != null) {
          captures.before(node).stream()
              .filter(capture -> capture.variable().equals(target))
              .forEach(capture -> found.put(capture, assignment.getTree()));
        }
      }
    }
    return new LaterAssignments(found.build());
  }

  /**
   * Whether {@code variable} may be assigned after the code at {@code point} runs, decided on the
   * source of the enclosing body alone: some assignment to it lies in a loop around the point
   * (whose back edge leads to it), or stores after the point (starts after it, or encloses it) but
   * not in the other branch of an {@code if} or {@code ?:} that the point is in. Every assignment
   * the graph finds after the point is one of those, so where this says no, the graph need not be
   * built.
   */
  public static boolean mayBeAssignedAfter(TreePath point, Symbol variable) {
    TreePath body = ControlFlow.enclosingBody(point);
    if (body == null) {
      return false;
    }
    List<Tree> loopsAround = new ArrayList<>();
    List<Tree> otherBranches = new ArrayList<>();
    for (TreePath current = point; current != body; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      Tree parent = current.getParentPath().getLeaf();
      if (Loops.isLoop(leaf)) {
        loopsAround.add(leaf);
      }
      if (parent instanceof IfTree choice && leaf == choice.getThenStatement()) {
        if (choice.getElseStatement() != null) {
          otherBranches.add(choice.getElseStatement());
        }
      }
      if (parent instanceof ConditionalExpressionTree choice
          && leaf == choice.getTrueExpression()) {
        otherBranches.add(choice.getFalseExpression());
      }
    }
    int pointStart = getStartPosition(point.getLeaf());
    boolean[] may = {false};
    new OwnCode.WriteScanner() {
      @Override
      protected void written(Tree site, ExpressionTree target) {
        if (!may[0] && variable.equals(getSymbol(stripParentheses(target)))) {
          boolean storedAfter = getStartPosition(target) >= pointStart || encloses(site, point);
          may[0] = within(loopsAround) || (storedAfter && !within(otherBranches));
        }
      }

      // x = switch (...) { ... register ...; yield v; } stores after the point.
      private boolean encloses(Tree site, TreePath point) {
        for (Tree enclosing : point) {
          if (enclosing == site) {
            return true;
          }
        }
        return false;
      }

      private boolean within(List<Tree> trees) {
        for (Tree enclosing : getCurrentPath()) {
          if (trees.contains(enclosing)) {
            return true;
          }
        }
        return false;
      }
    }.scan(ControlFlow.code(body), null);
    return may[0];
  }

  /** The assignments to {@code variable} that may run after its value was taken at the point. */
  public ImmutableSet<Tree> after(Tree capturePoint, Symbol variable) {
    return assignmentsAfter.get(new Capture(capturePoint, variable));
  }

  private static Element declaredVariable(VariableDeclarationNode declaration) {
    return com.google.errorprone.util.ASTHelpers.getSymbol(declaration.getTree());
  }
}
