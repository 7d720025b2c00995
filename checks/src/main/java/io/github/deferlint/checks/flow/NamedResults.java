package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.constValue;
import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.InlineAction;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.util.Jumps;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.SwitchResults;
import io.github.deferlint.checks.util.Variables;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.LocalVariableNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodAccessNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;

/**
 * What a scope body and its deferred actions do to its named result ({@code Defer.named}'s {@code
 * result}): which actions always replace it, and which sets in the body the {@code return}
 * overwrites.
 */
public final class NamedResults {
  private final DeferApi api;
  private final VarSymbol result;
  private final VarSymbol scope;
  private final VisitorState state;

  /** The named result {@code result} of the body whose scope parameter is {@code scope}. */
  public NamedResults(DeferApi api, VarSymbol result, VarSymbol scope, VisitorState state) {
    this.api = api;
    this.result = result;
    this.scope = scope;
    this.state = state;
  }

  // ---------------------------------------------------------------------------------------------
  // Deferred actions that always replace the result

  /**
   * Where the action of {@code registration} sets the named result on every path through it,
   * without reading the result and without any say of {@code recover()}: the set call, or the
   * registration itself for {@code scope.defer(result::set, v)}.
   */
  public Optional<Tree> alwaysSetBy(Registration registration, TreePath registrationPath) {
    if (setsByReference(registration)) {
      return Optional.of(registration.call());
    }
    InlineAction inline = replacingAction(registration, registrationPath).orElse(null);
    if (inline == null) {
      return Optional.empty();
    }
    if (inline.code() instanceof MethodInvocationTree call
        && isSetOfResult(call)
        && !Jumps.callsTerminatingMethod(call, state)) {
      return Optional.of(call); // () -> result.set(v): the set is all the action does.
    }
    ControlFlowGraph graph = ControlFlow.graph(inline.runs(), state);
    if (graph == null) {
      return Optional.empty();
    }
    ImmutableList<Tree> sets =
        graph.getAllNodes().stream()
            .filter(this::isSetOfResult)
            .map(Node::getTree)
            .distinct()
            .sorted(Comparator.comparingInt(tree -> getStartPosition(tree)))
            .collect(ImmutableList.toImmutableList());
    boolean setOnEveryPath =
        !sets.isEmpty()
            && !FactFlow.marksBefore(
                    graph,
                    FactFlow.Merge.INTERSECTION,
                    node -> isSetOfResult(node) ? Boolean.TRUE : null)
                .atRegularExit()
                .isEmpty();
    return setOnEveryPath ? Optional.of(sets.get(0)) : Optional.empty();
  }

  /**
   * Whether the registration is {@code scope.defer(result::set, v)} with no value that reads the
   * result when the action runs. A value that reads it now ({@code wrap(result.get())}) reads it
   * before the body returned, so the action still replaces what the body returns, with a stale
   * value; one that hands on a function reading it later may transform it.
   */
  public boolean setsByReference(Registration registration) {
    return stripParentheses(registration.action()) instanceof MemberReferenceTree reference
        && api.isResultSetter(getSymbol(reference), state)
        && isResult(reference.getQualifierExpression())
        && registration.values().stream().noneMatch(this::readsLater);
  }

  /** Whether a lambda, method reference or class in {@code tree} uses the result. */
  private boolean readsLater(Tree tree) {
    boolean[] reads = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
        reads[0] |= mentions(lambda, result);
        return null;
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
        reads[0] |= mentions(reference, result);
        return null;
      }

      @Override
      public Void visitClass(ClassTree type, Void unused) {
        reads[0] |= mentions(type, result);
        return null;
      }
    }.scan(tree, null);
    return reads[0];
  }

  /**
   * The inline action of {@code registration} when it may always replace the named result, as far
   * as its code shows: it sets the result, and neither reads it nor has any say of {@code
   * recover()}. Whether it sets it on every path is the graph's to say.
   */
  public Optional<InlineAction> replacingAction(
      Registration registration, TreePath registrationPath) {
    return InlineAction.of(stripParentheses(registration.action()), registrationPath, state)
        .filter(
            inline ->
                sets(inline.whole()) && !reads(inline.whole()) && !mayRecover(inline.whole()));
  }

  /** Whether the own code of {@code code} (not nested lambdas and classes) sets the result. */
  public boolean setInOwnCodeOf(Tree code) {
    boolean[] sets = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        sets[0] |= isSetOfResult(call);
        return sets[0] ? null : super.visitMethodInvocation(call, null);
      }
    }.scan(code, null);
    return sets[0];
  }

  /** Whether {@code tree} (nested code included) calls {@code result.set}. */
  public boolean sets(Tree tree) {
    return !setReceivers(tree).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------
  // Sets that the return overwrites

  /**
   * The sets of the body's own code that no one can see, each with the first of {@code returns}
   * that overwrites it, storing its value into the result before anything reads what the set
   * stored. None when the result escapes the body's sight.
   *
   * @param code the body's code
   * @param returns the body's return nodes, in source order
   * @param deferredActions the actions the body registers (they run after the body returned)
   */
  public Map<Tree, Node> overwrittenSets(
      ControlFlowGraph graph,
      Tree code,
      ImmutableList<Node> returns,
      ImmutableSet<Tree> deferredActions) {
    Map<Tree, Node> overwrittenBy = new LinkedHashMap<>();
    if (graph.getAllNodes().stream().noneMatch(this::isSetOfResult)
        || escapes(code, deferredActions)) {
      return overwrittenBy; // Whoever holds it may read it at any call.
    }
    ImmutableSet<Tree> setReceivers = setReceivers(code);
    boolean actionsSeeFailures =
        mayRecover(code) || deferredActions.stream().anyMatch(action -> mentions(action, result));
    IdentityHashMap<Node, ReachingWrites.Access> accesses = new IdentityHashMap<>();
    ReachingWrites writes =
        ReachingWrites.analyze(
            graph,
            node -> accesses.computeIfAbsent(node, n -> access(n, setReceivers)),
            actionsSeeFailures,
            this::isRegistrationOnTheScope);
    for (Node returnNode : returns) {
      for (Tree set : writes.reaching(returnNode)) {
        if (!writes.mayBeRead(set) && !sameValue(set, Returns.valueOfReturn(returnNode))) {
          overwrittenBy.putIfAbsent(set, returnNode);
        }
      }
    }
    return overwrittenBy;
  }

  /**
   * Whether {@code code} lets the named result out of sight: passes it along, stores it, or uses it
   * in a lambda or class that may run before the body returns. Calling {@code get} and {@code set}
   * on it, and deferred actions (they run after the {@code return} stored its value), do not.
   */
  private boolean escapes(Tree code, ImmutableSet<Tree> deferredActions) {
    boolean[] escapes = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if ((api.isResultGet(call, state) || api.isResultSet(call, state))
            && isResult(getReceiver(call))) {
          return scan(call.getArguments(), null);
        }
        return super.visitMethodInvocation(call, null);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
        return nested(lambda);
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
        return nested(reference);
      }

      @Override
      public Void visitNewClass(NewClassTree creation, Void unused) {
        return deferredActions.contains(creation) ? null : super.visitNewClass(creation, null);
      }

      @Override
      public Void visitClass(ClassTree type, Void unused) {
        return nested(type);
      }

      private Void nested(Tree tree) {
        escapes[0] |= !deferredActions.contains(tree) && mentions(tree, result);
        return null;
      }

      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        escapes[0] |= result.equals(getSymbol(identifier));
        return null;
      }
    }.scan(code, null);
    return escapes[0];
  }

  /**
   * Whether {@code node} registers on the body's scope: it runs nothing then, and throws only on
   * misuse (a null action, the wrong thread), so what the result holds cannot be seen through it.
   */
  private boolean isRegistrationOnTheScope(Node node) {
    if (node instanceof MethodAccessNode access) {
      // Selecting the method may throw only if the scope were null, which no opener passes.
      return access.getReceiver() instanceof LocalVariableNode receiver
          && scope.equals(receiver.getElement())
          && api.isRegistrationMethod((Symbol) access.getMethod(), state);
    }
    return node instanceof MethodInvocationNode invocation
        && invocation.getTree() != null
        && api.registration(invocation.getTree(), state)
            .filter(registration -> isVariable(registration.receiver(), scope))
            .isPresent();
  }

  /** What {@code node} of the body does to the named result: {@code set}, {@code get}, or none. */
  private ReachingWrites.Access access(Node node, ImmutableSet<Tree> setReceivers) {
    if (isSetOfResult(node)) {
      return ReachingWrites.Access.WRITE;
    }
    return node instanceof LocalVariableNode local
            && result.equals(local.getElement())
            && !setReceivers.contains(local.getTree())
        ? ReachingWrites.Access.READ
        : ReachingWrites.Access.NONE;
  }

  /** Whether the set stores what the return returns anyway: the same variable or constant. */
  private static boolean sameValue(Tree set, ExpressionTree returned) {
    ExpressionTree stored = stripParentheses(((MethodInvocationTree) set).getArguments().get(0));
    ExpressionTree value = stripParentheses(returned);
    if (value instanceof SwitchExpressionTree choice) {
      // A set in an arm's block, then that arm's yield: `result.set(v); yield v;`.
      CaseTree arm = SwitchResults.armHolding(choice, set);
      List<ExpressionTree> yields = arm == null ? List.of() : SwitchResults.ofArm(arm);
      return !yields.isEmpty() && yields.stream().allMatch(yielded -> sameValue(set, yielded));
    }
    Object storedConstant = constValue(stored);
    if (storedConstant != null) {
      return storedConstant.equals(constValue(value));
    }
    Symbol storedVariable = Variables.variableNamed(stored);
    return storedVariable != null && storedVariable.equals(Variables.variableNamed(value));
  }

  // ---------------------------------------------------------------------------------------------
  // Reads and writes of the result

  /** Whether {@code node} is {@code result.set(v)} on the named result itself. */
  public boolean isSetOfResult(Node node) {
    return node instanceof MethodInvocationNode invocation
        && invocation.getTree() != null
        && isSetOfResult(invocation.getTree());
  }

  /** Whether {@code call} is {@code result.set(v)} on the named result itself. */
  public boolean isSetOfResult(MethodInvocationTree call) {
    return api.isResultSet(call, state) && isResult(getReceiver(call));
  }

  /**
   * Whether {@code tree} (nested code included) uses the named result other than to call {@code
   * set} on it: a {@code get()}, passing it along, a {@code result::get}... anything that may read.
   */
  private boolean reads(Tree tree) {
    ImmutableSet<Tree> setReceivers = setReceivers(tree);
    boolean[] reads = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        reads[0] |= result.equals(getSymbol(identifier)) && !setReceivers.contains(identifier);
        return null;
      }
    }.scan(tree, null);
    return reads[0];
  }

  /** The receivers {@code result} of the {@code result.set(v)} calls in {@code tree}. */
  private ImmutableSet<Tree> setReceivers(Tree tree) {
    ImmutableSet.Builder<Tree> receivers = ImmutableSet.builder();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (isSetOfResult(call)) {
          receivers.add(getReceiver(call));
        }
        return super.visitMethodInvocation(call, null);
      }
    }.scan(tree, null);
    return receivers.build();
  }

  /**
   * Whether {@code tree} may stop a throwable and so choose the result by what happened: it calls
   * {@code recover()} (or references it), or hands the scope to code that might.
   */
  private boolean mayRecover(Tree tree) {
    boolean[] may = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        may[0] |= api.isRecover(call, state);
        ExpressionTree method = stripParentheses(call.getMethodSelect());
        if (method instanceof MemberSelectTree select
            && isVariable(select.getExpression(), scope)) {
          return scan(call.getArguments(), null); // scope.defer(...): calling it is no escape.
        }
        return super.visitMethodInvocation(call, null);
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
        may[0] |= api.isRecoverMethod(getSymbol(reference), state);
        return super.visitMemberReference(reference, null);
      }

      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        may[0] |= scope.equals(getSymbol(identifier)); // A helper given the scope may recover.
        return null;
      }
    }.scan(tree, null);
    return may[0];
  }

  private boolean isResult(ExpressionTree tree) {
    return isVariable(tree, result);
  }

  private static boolean isVariable(ExpressionTree tree, VarSymbol variable) {
    return tree != null && variable.equals(getSymbol(stripParentheses(tree)));
  }

  private static boolean mentions(Tree tree, VarSymbol variable) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        found[0] |= variable.equals(getSymbol(identifier));
        return null;
      }
    }.scan(tree, null);
    return found[0];
  }
}
