package io.github.deferlint.checks.model;

import static com.google.errorprone.matchers.Matchers.instanceMethod;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isConsideredFinal;

import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.matchers.Matcher;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import io.github.deferlint.checks.model.DeferApi.RegistrationKind;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.SwitchResults;
import java.util.List;
import java.util.Objects;

/**
 * Whether a scope closes a resource: the resource is handed straight to a registration that closes
 * it ({@code scope.closing(open())}), or kept in a final local whose very next statement registers
 * its closing ({@code InputStream in = open(); scope.defer(in::close);}). Which calls register, and
 * how, is the {@link DeferApi}'s to say, so another API the model learns is covered too.
 *
 * <p>A resource whose value reaches the registration some other way (stored in a field first,
 * passed through a helper, registered later in the body) is not recognised: Error Prone's resource
 * checks then report it as they would without a scope, which is the safe side.
 */
@SuppressWarnings("ReferenceEquality") // Which tree is which: identity, as javac's own trees mean.
public final class ClosingRegistrations {
  private static final Matcher<ExpressionTree> CLOSE =
      instanceMethod().onDescendantOf("java.lang.AutoCloseable").named("close");

  private final DeferApi api;

  public ClosingRegistrations(DeferApi api) {
    this.api = api;
  }

  /**
   * For a variant of Error Prone's resource checks ({@code exemptChange}): whether the resource at
   * {@code state}'s path is closed by a scope. A failure of this analysis leaves Error Prone's rule
   * as it is (the resource is reported) and is reported as {@code checker}'s, as {@link Crashproof}
   * does for every check.
   */
  public boolean exempts(BugChecker checker, ExpressionTree resource, VisitorState state) {
    // Crashproof speaks in descriptions: any but NO_MATCH, never reported, means "closed".
    Description closedByScope =
        Crashproof.match(
            checker,
            resource,
            state,
            () ->
                closedByScope(state.getPath(), state)
                    ? checker.describeMatch(resource)
                    : Description.NO_MATCH);
    return closedByScope != Description.NO_MATCH;
  }

  /** Whether the resource-valued expression at {@code resource} is closed by a scope. */
  public boolean closedByScope(TreePath resource, VisitorState state) {
    TreePath value = wholeValue(resource);
    Tree parent = value.getParentPath().getLeaf();
    if (parent instanceof MethodInvocationTree call) {
      return call.getArguments().contains(value.getLeaf()) && closesItsArguments(call, state);
    }
    if (parent instanceof VariableTree variable && variable.getInitializer() == value.getLeaf()) {
      return nextStatementRegistersClosing(value.getParentPath(), state);
    }
    return false;
  }

  /**
   * The path of the whole expression whose value {@code path}'s value becomes: through parentheses,
   * casts, either arm of a conditional and the arms of a switch expression.
   */
  private static TreePath wholeValue(TreePath path) {
    TreePath current = path;
    while (true) {
      Tree parent = current.getParentPath().getLeaf();
      boolean passesValueOn =
          parent instanceof ParenthesizedTree
              || parent instanceof TypeCastTree
              || (parent instanceof ConditionalExpressionTree conditional
                  && conditional.getCondition() != current.getLeaf());
      if (passesValueOn) {
        current = current.getParentPath();
        continue;
      }
      TreePath choice = SwitchResults.yieldedBy(current);
      if (choice == null) {
        return current;
      }
      current = choice;
    }
  }

  private boolean closesItsArguments(MethodInvocationTree call, VisitorState state) {
    return api.registrationKind(call, state).orElse(null) == RegistrationKind.CLOSING;
  }

  /** {@code X x = open();} followed directly by a statement that registers {@code x.close()}. */
  private boolean nextStatementRegistersClosing(TreePath declaration, VisitorState state) {
    if (!(declaration.getParentPath().getLeaf() instanceof BlockTree block)
        || !(getSymbol(declaration.getLeaf()) instanceof VarSymbol variable)
        || !isConsideredFinal(variable)) {
      return false;
    }
    List<? extends StatementTree> statements = block.getStatements();
    int index = statements.indexOf(declaration.getLeaf());
    if (index < 0
        || index + 1 >= statements.size()
        || !(statements.get(index + 1) instanceof ExpressionStatementTree next)
        || !(next.getExpression() instanceof MethodInvocationTree registration)) {
      return false;
    }
    RegistrationKind kind = api.registrationKind(registration, state).orElse(null);
    List<? extends ExpressionTree> arguments = registration.getArguments();
    if (kind == RegistrationKind.CLOSING) {
      return arguments.stream().anyMatch(argument -> names(argument, variable));
    }
    if (kind != RegistrationKind.DEFER || arguments.isEmpty()) {
      return false;
    }
    ExpressionTree action = arguments.get(0);
    if (arguments.size() == 1) {
      return closesVariable(action, variable, state);
    }
    // scope.defer(InputStream::close, in): the unbound close applied to the variable.
    return arguments.size() == 2
        && action instanceof MemberReferenceTree reference
        && !(getSymbol(reference.getQualifierExpression()) instanceof VarSymbol)
        && CLOSE.matches(reference, state)
        && names(arguments.get(1), variable);
  }

  /** {@code x::close} or {@code () -> x.close()}. */
  private static boolean closesVariable(
      ExpressionTree action, VarSymbol variable, VisitorState state) {
    if (action instanceof MemberReferenceTree reference) {
      return CLOSE.matches(reference, state) && names(reference.getQualifierExpression(), variable);
    }
    if (action instanceof LambdaExpressionTree lambda
        && lambda.getParameters().isEmpty()
        && lambda.getBody() instanceof MethodInvocationTree call
        && call.getArguments().isEmpty()
        && CLOSE.matches(call, state)
        && call.getMethodSelect() instanceof MemberSelectTree select) {
      return names(select.getExpression(), variable);
    }
    return false;
  }

  private static boolean names(ExpressionTree tree, Symbol variable) {
    return tree instanceof IdentifierTree && Objects.equals(getSymbol(tree), variable);
  }
}
