package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isStatic;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.DeferApi.RegistrationKind;
import io.github.deferlint.checks.model.Execution;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether what a loop body registers may be kept beyond the iteration: a scope per iteration would
 * then close or release it while still in use.
 */
public final class IterationEscapes {
  private final DeferApi api;
  private final VisitorState state;

  public IterationEscapes(DeferApi api, VisitorState state) {
    this.api = api;
    this.state = state;
  }

  /**
   * Whether something the body registers may outlive the iteration, so that the fix would close or
   * release it while still in use: a {@code closing} call's result, or a local of the body that a
   * registration reads, is stored into a field, an array or a variable from outside the body,
   * handed to an instance method of an object from outside the body ({@code connections.put(name,
   * connection)}), or captured by a lambda or class that may run later.
   */
  public boolean any(TreePath bodyPath, List<TreePath> registrations) {
    Set<Symbol> bodyLocals = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        bodyLocals.add(getSymbol(variable));
        return super.visitVariable(variable, null);
      }
    }.scan(bodyPath.getLeaf(), null);
    Set<Tree> closingCalls = new HashSet<>();
    Set<Symbol> registered = new HashSet<>();
    for (TreePath registration : registrations) {
      MethodInvocationTree call = (MethodInvocationTree) registration.getLeaf();
      if (api.registrationKind(call, state).orElse(null) == RegistrationKind.CLOSING) {
        closingCalls.add(call);
      }
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitIdentifier(IdentifierTree identifier, Void unused) {
          Symbol symbol = getSymbol(identifier);
          if (bodyLocals.contains(symbol)) {
            registered.add(symbol);
          }
          return null;
        }
      }.scan(call.getArguments(), null);
    }
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        if (variable.getInitializer() != null
            && closingCalls.contains(stripParentheses(variable.getInitializer()))) {
          registered.add(getSymbol(variable));
        }
        return super.visitVariable(variable, null);
      }
    }.scan(bodyPath.getLeaf(), null);

    boolean[] escapes = {false};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        if (registered.contains(getSymbol(identifier))) {
          escapes[0] |= mayOutliveIteration(getCurrentPath(), bodyPath, bodyLocals);
        }
        return null;
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (closingCalls.contains(call)) {
          escapes[0] |= mayOutliveIteration(getCurrentPath(), bodyPath, bodyLocals);
        }
        return super.visitMethodInvocation(call, null);
      }
    }.scan(bodyPath, null);
    return escapes[0];
  }

  /** Whether the value at {@code use} may be kept beyond the iteration; see the caller. */
  private boolean mayOutliveIteration(TreePath use, TreePath bodyPath, Set<Symbol> bodyLocals) {
    TreePath valuePath = use;
    while (valuePath.getParentPath().getLeaf() instanceof ParenthesizedTree
        || valuePath.getParentPath().getLeaf() instanceof TypeCastTree) {
      valuePath = valuePath.getParentPath();
    }
    Tree value = valuePath.getLeaf();
    Tree parent = valuePath.getParentPath().getLeaf();
    if (parent instanceof AssignmentTree assignment && assignment.getExpression() == value) {
      return !bodyLocals.contains(getSymbol(assignment.getVariable()));
    }
    if (parent instanceof NewArrayTree) {
      return true;
    }
    if (parent instanceof MethodInvocationTree call && call.getArguments().contains(value)) {
      ExpressionTree receiver = getReceiver(call);
      boolean ownedByIteration =
          api.isRegistration(call, state)
              || isStatic(getSymbol(call))
              || (receiver != null && bodyLocals.contains(getSymbol(receiver)));
      if (!ownedByIteration) {
        return true;
      }
    }
    return capturedForLater(use, bodyPath);
  }

  /**
   * Whether a lambda, method reference or class between {@code use} and the body may run after the
   * iteration: anything but what a registration is given, an opener's inline body, a {@code
   * forEach} lambda and a lambda called on the spot.
   */
  private boolean capturedForLater(TreePath use, TreePath bodyPath) {
    for (TreePath childPath = use;
        childPath.getLeaf() != bodyPath.getLeaf();
        childPath = childPath.getParentPath()) {
      Tree child = childPath.getLeaf();
      Tree parent = childPath.getParentPath().getLeaf();
      if (child instanceof ClassTree) {
        return true;
      }
      if (child instanceof LambdaExpressionTree || child instanceof MemberReferenceTree) {
        boolean givenToRegistration =
            parent instanceof MethodInvocationTree call
                && call.getArguments().contains(child)
                && api.isRegistration(call, state);
        if (!givenToRegistration
            && Execution.of(childPath, api, state).when() == Execution.When.UNKNOWN) {
          return true;
        }
      }
    }
    return false;
  }
}
