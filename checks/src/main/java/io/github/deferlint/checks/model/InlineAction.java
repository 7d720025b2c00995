package io.github.deferlint.checks.model;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.util.Functions;
import java.util.Optional;

/**
 * The code of a deferred action written inline: a lambda, or the functional method of an anonymous
 * class ({@code new Deferred() { public void run() {...} }}).
 *
 * @param whole all of the action's code: what it may read or recover is looked for there
 * @param runs the lambda or method that runs as the action: its graph, its writes
 */
public record InlineAction(Tree whole, TreePath runs) {

  /** The statements (or expression) that run. */
  public Tree code() {
    return runs.getLeaf() instanceof LambdaExpressionTree lambda
        ? lambda.getBody()
        : ((MethodTree) runs.getLeaf()).getBody();
  }

  /** The code of {@code action}, an argument of the registration at {@code registrationPath}. */
  public static Optional<InlineAction> of(
      ExpressionTree action, TreePath registrationPath, VisitorState state) {
    TreePath actionPath = new TreePath(registrationPath, action);
    if (action instanceof LambdaExpressionTree) {
      return Optional.of(new InlineAction(action, actionPath));
    }
    if (!(action instanceof NewClassTree creation) || creation.getClassBody() == null) {
      return Optional.empty();
    }
    TreePath classPath = new TreePath(actionPath, creation.getClassBody());
    return creation.getClassBody().getMembers().stream()
        .filter(MethodTree.class::isInstance)
        .map(method -> new TreePath(classPath, method))
        .filter(methodPath -> Functions.anonymousFunction(methodPath, state).isPresent())
        .filter(methodPath -> ((MethodTree) methodPath.getLeaf()).getBody() != null)
        .findFirst()
        .map(methodPath -> new InlineAction(creation.getClassBody(), methodPath));
  }
}
