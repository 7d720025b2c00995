package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Whether the class that makes a registration also undoes it: it passes the variable that holds
 * what was registered (a field or a local) to a removal call, anywhere in the same top-level class.
 * A local that the registering method returns counts through the variables its callers in the class
 * keep it in ({@code Thread hook = registerHook(); ... removeShutdownHook(hook)}).
 */
public final class PairedRemoval {
  private PairedRemoval() {}

  /**
   * Whether {@code registered}, the argument of the registration at {@code registration}, is held
   * by a variable that the same top-level class passes to {@code removal} (which answers, for a
   * call, the argument it removes, if it is a removal).
   */
  public static boolean removedInClass(
      ExpressionTree registered,
      TreePath registration,
      BiFunction<MethodInvocationTree, VisitorState, Optional<ExpressionTree>> removal,
      VisitorState state) {
    Symbol target = heldBy(registered);
    ClassTree topLevel = null;
    MethodTree method = null;
    for (TreePath current = registration; current != null; current = current.getParentPath()) {
      if (method == null && current.getLeaf() instanceof MethodTree enclosing) {
        method = enclosing;
      }
      if (current.getLeaf() instanceof ClassTree type) {
        topLevel = type;
      }
    }
    if (target == null || topLevel == null) {
      return false;
    }
    Set<Symbol> holders = new HashSet<>();
    holders.add(target);
    if (method != null && returns(method, target)) {
      holders.addAll(keepersOfResult(getSymbol(method), topLevel));
    }
    boolean[] removed = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        removed[0] |=
            removal
                .apply(call, state)
                .map(argument -> holders.contains(heldBy(argument)))
                .orElse(false);
        return super.visitMethodInvocation(call, null);
      }
    }.scan(topLevel, null);
    return removed[0];
  }

  /** The variable {@code tree} reads, or assigns in {@code hook = new Thread(...)}; or null. */
  private static Symbol heldBy(ExpressionTree tree) {
    ExpressionTree stripped = stripParentheses(tree);
    if (stripped instanceof AssignmentTree assignment) {
      stripped = assignment.getVariable();
    }
    Symbol symbol = getSymbol(stripped);
    return symbol instanceof VarSymbol ? symbol : null;
  }

  private static boolean returns(MethodTree method, Symbol variable) {
    boolean[] returns = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitReturn(ReturnTree statement, Void unused) {
        returns[0] |=
            statement.getExpression() != null && heldBy(statement.getExpression()) == variable;
        return null;
      }
    }.scan(method.getBody(), null);
    return returns[0];
  }

  /**
   * The variables that code in {@code type} initializes or assigns with a call of {@code method}.
   */
  private static Set<Symbol> keepersOfResult(Symbol method, ClassTree type) {
    Set<Symbol> keepers = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        if (calls(variable.getInitializer(), method)) {
          keepers.add(getSymbol(variable));
        }
        return super.visitVariable(variable, null);
      }

      @Override
      public Void visitAssignment(AssignmentTree assignment, Void unused) {
        if (calls(assignment.getExpression(), method) && heldBy(assignment) != null) {
          keepers.add(heldBy(assignment));
        }
        return super.visitAssignment(assignment, null);
      }
    }.scan(type, null);
    return keepers;
  }

  private static boolean calls(Tree tree, Symbol method) {
    return tree instanceof ExpressionTree expression
        && stripParentheses(expression) instanceof MethodInvocationTree call
        && getSymbol(call) == method;
  }
}
