package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.InlineAction;
import io.github.deferlint.checks.model.InlineBody;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.Jumps;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.Sources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import org.checkerframework.checker.nullness.qual.Nullable;
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
   * The first registration, in source order, of a deferred action on the scope of {@code body} that
   * may stop a throwable and complete normally: one that recovers on that scope in its own code,
   * and does not rethrow on some path ({@link #completingNormally}); or {@code scope::recover}
   * itself, Go's {@code defer recover()}. A {@code recover()} in a helper the action calls, or in a
   * lambda nested in it, is not followed.
   */
  public static Optional<Registration> inBody(
      InlineBody body, TreePath bodyPath, DeferApi api, VisitorState state) {
    for (TreePath registrationPath : registrationsOn(body, bodyPath, api, state)) {
      Registration registration =
          api.registration((MethodInvocationTree) registrationPath.getLeaf(), state).orElseThrow();
      ExpressionTree action = stripParentheses(registration.action());
      if (action instanceof MemberReferenceTree reference
          && api.isRecoverMethod(getSymbol(reference), state)) {
        ExpressionTree recovered =
            Functions.isUnbound(reference)
                ? registration.values().stream().findFirst().orElse(null)
                : reference.getQualifierExpression();
        if (recovered != null && isScope(recovered, body, registrationPath, api, state)) {
          return Optional.of(registration);
        }
        continue;
      }
      InlineAction inline = InlineAction.of(action, registrationPath, state).orElse(null);
      if (inline != null
          && completingNormally(
                  inline.runs(),
                  call ->
                      api.isRecover(call, state)
                          && getReceiver(call) != null
                          && isScope(
                              getReceiver(call),
                              body,
                              TreePath.getPath(inline.runs(), call),
                              api,
                              state),
                  state)
              .isPresent()) {
        return Optional.of(registration);
      }
    }
    return Optional.empty();
  }

  /** The deferrals on the body's scope, anywhere in the body, in source order. */
  private static List<TreePath> registrationsOn(
      InlineBody body, TreePath bodyPath, DeferApi api, VisitorState state) {
    List<TreePath> registrations = new ArrayList<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        api.deferralOn(call, body.scope(), getCurrentPath(), state)
            .ifPresent(registration -> registrations.add(getCurrentPath()));
        return super.visitMethodInvocation(call, null);
      }
    }.scan(new TreePath(bodyPath, body.lambda().getBody()), null);
    return registrations;
  }

  /** Whether {@code expression} (at {@code path}) is the scope of {@code body}. */
  private static boolean isScope(
      ExpressionTree expression, InlineBody body, TreePath path, DeferApi api, VisitorState state) {
    return path != null
        && api.resolveScope(expression, path, state)
            .filter(scope -> scope.variable().equals(body.scope()))
            .isPresent();
  }

  /**
   * The first {@code recover()} call (as {@code isRecover} tells them) after which the action that
   * runs at {@code runs} (a lambda or method) may complete normally with a throwable stopped, as
   * {@link #completingNormally(ControlFlowGraph, Predicate)} finds it on the action's graph. The
   * graph is built only when the source cannot tell: in code without a {@code throw}, a loop or a
   * call that never returns ({@link ControlFlow#terminatesExecution}), every path from a call
   * reaches the end of the action (a call that may throw has its normal edge too), so the answer is
   * its first {@code recover()}; in the rethrow idiom ({@link #rethrowsWhatItStops}) there is none.
   */
  public static Optional<MethodInvocationTree> completingNormally(
      TreePath runs, Predicate<MethodInvocationTree> isRecover, VisitorState state) {
    ActionCode own = ActionCode.of(runs, isRecover);
    if (own.recovers().isEmpty() || !own.throwsOrLoops()) {
      return own.recovers().stream().min(Comparator.comparingInt(call -> getStartPosition(call)));
    }
    if (own.recovers().size() == 1
        && rethrowsWhatItStops(ControlFlow.code(runs), own.recovers().get(0))) {
      return Optional.empty();
    }
    ControlFlowGraph graph = ControlFlow.graph(runs, state);
    return graph == null ? Optional.empty() : completingNormally(graph, isRecover);
  }

  /**
   * Whether the action's code, which calls {@code recover} and no other {@code recover()}, is the
   * idiom that rethrows whatever it stopped: {@code Throwable t = scope.recover();} and right after
   * it {@code if (t != null) { ...; throw ...; }}, a block that ends in a {@code throw} and leaves
   * by no {@code return}, {@code break}, {@code continue} or {@code yield}. Every path on which a
   * throwable was stopped then ends in a throw, and on the others nothing was stopped, as the graph
   * finds (RecoveriesTest holds the two to each other).
   */
  private static boolean rethrowsWhatItStops(TreePath code, MethodInvocationTree recover) {
    if (!(code.getLeaf() instanceof BlockTree block)) {
      return false;
    }
    List<? extends StatementTree> statements = block.getStatements();
    for (int i = 0; i + 1 < statements.size(); i++) {
      if (statements.get(i) instanceof VariableTree held
          && held.getInitializer() != null
          && stripParentheses(held.getInitializer()) == recover) {
        return statements.get(i + 1) instanceof IfTree test
            && test.getElseStatement() == null
            && isNonNullTest(test.getCondition(), getSymbol(held))
            && endsInAThrowOnly(new TreePath(new TreePath(code, test), test.getThenStatement()));
      }
    }
    return false;
  }

  /** Whether {@code condition} is {@code variable != null} or {@code null != variable}. */
  private static boolean isNonNullTest(ExpressionTree condition, Symbol variable) {
    return stripParentheses(condition) instanceof BinaryTree test
        && test.getKind() == Tree.Kind.NOT_EQUAL_TO
        && ((Sources.isNullLiteral(test.getRightOperand())
                && getSymbol(test.getLeftOperand()) == variable)
            || (Sources.isNullLiteral(test.getLeftOperand())
                && getSymbol(test.getRightOperand()) == variable));
  }

  /**
   * Whether the statement at {@code branch} ends in a {@code throw} and leaves by no other jump.
   */
  private static boolean endsInAThrowOnly(TreePath branch) {
    Tree statement = branch.getLeaf();
    StatementTree last =
        statement instanceof BlockTree block && !block.getStatements().isEmpty()
            ? block.getStatements().get(block.getStatements().size() - 1)
            : (StatementTree) statement;
    return last instanceof ThrowTree
        && Jumps.leaving(branch).stream().allMatch(ThrowTree.class::isInstance);
  }

  /**
   * What the own code of an action shows: its {@code recover()} calls, and whether it has a {@code
   * throw}, a loop or a call that never returns, without which the calls alone decide.
   */
  private record ActionCode(List<MethodInvocationTree> recovers, boolean throwsOrLoops) {
    static ActionCode of(TreePath runs, Predicate<MethodInvocationTree> isRecover) {
      List<MethodInvocationTree> recovers = new ArrayList<>();
      boolean[] throwsOrLoops = {false};
      new OwnCode.Scanner<Void, Void>() {
        @Override
        public Void scan(Tree tree, Void unused) {
          throwsOrLoops[0] |= tree instanceof ThrowTree || Loops.isLoop(tree);
          return super.scan(tree, null);
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
          if (isRecover.test(call)) {
            recovers.add(call);
          }
          throwsOrLoops[0] |= ControlFlow.terminatesExecution(call);
          return super.visitMethodInvocation(call, null);
        }
      }.scan(ControlFlow.code(runs).getLeaf(), null);
      return new ActionCode(recovers, throwsOrLoops[0]);
    }
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
    protected @Nullable Branches<Fact> branches(Node node, ImmutableSet<Fact> after) {
      NullTest test = NullTest.of(node).orElse(null);
      if (test == null) {
        return null;
      }
      MethodInvocationTree call = heldCall(test.tested(), after);
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
    private @Nullable MethodInvocationTree heldCall(Node value, ImmutableSet<Fact> facts) {
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

    private @Nullable MethodInvocationTree recoverCall(Node node) {
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
