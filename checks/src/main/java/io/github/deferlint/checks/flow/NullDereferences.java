package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.getType;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.TypeTag;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.Sources;
import io.github.deferlint.checks.util.Variables;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.UnderlyingAST;
import org.checkerframework.errorprone.dataflow.cfg.node.ArrayAccessNode;
import org.checkerframework.errorprone.dataflow.cfg.node.AssignmentNode;
import org.checkerframework.errorprone.dataflow.cfg.node.CaseNode;
import org.checkerframework.errorprone.dataflow.cfg.node.FieldAccessNode;
import org.checkerframework.errorprone.dataflow.cfg.node.LocalVariableNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodAccessNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.node.SynchronizedNode;
import org.checkerframework.errorprone.dataflow.cfg.node.ThrowNode;

/**
 * Where the value of one call, which may be null, is dereferenced or unboxed in the body around it
 * before anything checks it for null: right away ({@code Defer.call(...).length()}, {@code int n =
 * Defer.call(...)}), or through the locals it is stored in. Decided on the body's graph, whose
 * unboxings the Checker Framework makes explicit: a {@code == null} or {@code instanceof} test, an
 * {@code Objects.requireNonNull}, or a first dereference (which throws if null; a {@code switch}
 * that names no {@code case null} is one) clears the value on the paths after it; storing it into a
 * field or passing it on loses sight of it.
 */
public final class NullDereferences {
  private NullDereferences() {}

  /**
   * A use of the value that throws if it is null.
   *
   * @param value the expression dereferenced: the call itself, or a local holding its value
   * @param unboxing whether the use unboxes the value ({@code int n = ...}), rather than calling a
   *     method, reading a field or an array element of it, switching or synchronizing on it, or
   *     throwing it
   * @param site where it throws: the member selected ({@code value.length()}, whose {@code .} may
   *     be lines after the value starts), or the value
   */
  public record Dereference(Tree value, boolean unboxing, Tree site) {
    Dereference(Tree value, boolean unboxing) {
      this(value, unboxing, value);
    }
  }

  /** The fact: a local that holds the call's value, unchecked. */
  private record MayBeNull(Element variable) {}

  /**
   * Whether the value of the call at {@code callPath} can reach a dereference in the body around
   * it, as {@link #all} sees them: the cheap test on the source before that body's graph. It cannot
   * when it is thrown away, passed on, returned, compared or stored in a field right where it is
   * made, and is of a type that does not unbox; anything else may, and is left to the graph.
   */
  static boolean mayBeDereferenced(TreePath callPath, VisitorState state) {
    Type type = getType(callPath.getLeaf());
    if (type == null
        || type.hasTag(TypeTag.TYPEVAR)
        || !state.getTypes().unboxedType(type).hasTag(TypeTag.NONE)) {
      return true; // It may be unboxed where the source does not say, as in a primitive return.
    }
    TreePath path = withParentheses(callPath);
    Tree value = path.getLeaf();
    Tree parent = path.getParentPath().getLeaf();
    if (parent instanceof ExpressionStatementTree
        || parent instanceof ReturnTree
        || parent instanceof LambdaExpressionTree
        || parent instanceof BinaryTree) {
      return false; // Discarded, returned, compared, or concatenated: none dereferences it.
    }
    if (parent instanceof MethodInvocationTree call) {
      return !call.getArguments().contains(value);
    }
    if (parent instanceof NewClassTree creation) {
      return !creation.getArguments().contains(value);
    }
    if (parent instanceof AssignmentTree assignment) {
      return Variables.isLocal(getSymbol(assignment.getVariable()));
    }
    if (parent instanceof VariableTree variable) {
      return Variables.isLocal(getSymbol(variable));
    }
    return true;
  }

  /**
   * The first dereference, in source order, of the value of the call at {@code callPath} in the
   * body around it. Where the call is written decides it without the body's graph when it can:
   * nothing can dereference the value ({@link #mayBeDereferenced}), or the code around the call
   * does so right away ({@link #rightAway}), which makes it the only dereference.
   */
  public static Optional<Dereference> first(TreePath callPath, VisitorState state) {
    if (!mayBeDereferenced(callPath, state)) {
      return Optional.empty();
    }
    Optional<Dereference> rightAway = rightAway(callPath, state);
    if (rightAway.isPresent()) {
      return rightAway;
    }
    if (checkedBeforeEveryUse(callPath)) {
      return Optional.empty();
    }
    TreePath body = ControlFlow.enclosingBody(callPath);
    ControlFlowGraph graph = body == null ? null : ControlFlow.graph(body, state);
    return graph == null ? Optional.empty() : first(graph, callPath.getLeaf(), state);
  }

  /** The first dereference, in source order, of the value of {@code call} in {@code graph}. */
  static Optional<Dereference> first(ControlFlowGraph graph, Tree call, VisitorState state) {
    return all(graph, call, state).stream()
        .min(Comparator.comparingInt(dereference -> getStartPosition(dereference.value())));
  }

  /**
   * The dereference of the value of the call at {@code callPath} by the code it is written in, if
   * that code uses it right away: a method called on it ({@code Defer.call(...).length()}), or an
   * unboxing where it is stored into a primitive variable, compounded with one, or returned from a
   * body that returns a primitive. The value then reaches nothing else, so this is its only
   * dereference on every path; the graph finds the same (NullDereferencesTest holds the two to each
   * other). Anything else is left to the graph.
   */
  static Optional<Dereference> rightAway(TreePath callPath, VisitorState state) {
    Tree call = callPath.getLeaf();
    Type type = getType(call);
    if (type == null || type.isPrimitive()) {
      return Optional.empty();
    }
    TreePath path = withParentheses(callPath);
    Tree value = path.getLeaf();
    TreePath parentPath = path.getParentPath();
    Tree parent = parentPath.getLeaf();
    boolean unboxed;
    if (parent instanceof VariableTree variable) {
      unboxed = variable.getInitializer() == value && isPrimitive(variable);
    } else if (parent instanceof AssignmentTree assignment) {
      unboxed = assignment.getExpression() == value && isPrimitive(assignment.getVariable());
    } else if (parent instanceof CompoundAssignmentTree assignment) {
      unboxed = assignment.getExpression() == value && isPrimitive(assignment.getVariable());
    } else if (parent instanceof ReturnTree) {
      TreePath body = ControlFlow.enclosingBody(path);
      unboxed = body != null && returnsPrimitive(body.getLeaf(), state);
    } else if (parent instanceof LambdaExpressionTree lambda) {
      unboxed = lambda.getBody() == value && returnsPrimitive(lambda, state);
    } else {
      unboxed = false;
    }
    if (unboxed) {
      return Optional.of(new Dereference(call, true));
    }
    boolean called =
        parent instanceof MemberSelectTree select
            && select.getExpression() == value
            && parentPath.getParentPath().getLeaf() instanceof MethodInvocationTree invocation
            && invocation.getMethodSelect() == select
            && getSymbol(select) instanceof Symbol.MethodSymbol method
            && !method.isStatic();
    return called ? Optional.of(new Dereference(call, false, parent)) : Optional.empty();
  }

  /**
   * Whether the value of the call at {@code callPath} is stored in a new local that nothing assigns
   * again, every read of which tests it against null or is where such a test has shown it non-null
   * ({@code n == null ? fallback : n + 1}, {@code if (n != null) { n.run(); }}): the idiom that
   * checks what a recovered call returned, in which the graph finds no dereference either
   * (NullDereferencesTest holds the two to each other). A read in a lambda or class, or anywhere
   * else, is left to the graph.
   */
  static boolean checkedBeforeEveryUse(TreePath callPath) {
    TreePath path = withParentheses(callPath);
    if (!(path.getParentPath().getLeaf() instanceof VariableTree declaration)
        || declaration.getInitializer() != path.getLeaf()
        || !Variables.isLocal(getSymbol(declaration))) {
      return false;
    }
    Symbol local = getSymbol(declaration);
    TreePath body = ControlFlow.enclosingBody(callPath);
    if (body == null) {
      return false;
    }
    TreePath code = ControlFlow.code(body);
    boolean[] checked = {true};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        if (getSymbol(identifier) == local) {
          checked[0] &= isTestedOrShownNonNull(getCurrentPath(), local, code.getLeaf());
        }
        return null;
      }
    }.scan(code, null);
    return checked[0];
  }

  /**
   * Whether the read of {@code local} at {@code read} is an operand of a test against null, or in
   * the branch where such a test showed it non-null; false for a write, and in a lambda or class.
   */
  private static boolean isTestedOrShownNonNull(TreePath read, Symbol local, Tree code) {
    boolean tested = isNullTestOf(read.getParentPath().getLeaf(), local);
    boolean shownNonNull = false;
    Tree child = read.getLeaf();
    for (TreePath current = read.getParentPath();
        current != null && child != code;
        child = current.getLeaf(), current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof LambdaExpressionTree
          || leaf instanceof ClassTree
          || (leaf instanceof AssignmentTree assignment && assignment.getVariable() == child)
          || leaf instanceof CompoundAssignmentTree
          || leaf instanceof UnaryTree) {
        return false; // Run elsewhere, written, or an operand of ++, - or the like.
      }
      shownNonNull |=
          (leaf instanceof ConditionalExpressionTree expression
                  && shownNonNullIn(
                      expression.getCondition(),
                      child,
                      expression.getTrueExpression(),
                      expression.getFalseExpression(),
                      local))
              || (leaf instanceof IfTree statement
                  && shownNonNullIn(
                      statement.getCondition(),
                      child,
                      statement.getThenStatement(),
                      statement.getElseStatement(),
                      local));
    }
    return tested || shownNonNull;
  }

  /**
   * Whether {@code branch}, one of a choice's two, is the one where {@code condition} showed {@code
   * local} non-null.
   */
  private static boolean shownNonNullIn(
      ExpressionTree condition,
      Tree branch,
      Tree whenTrue,
      @Nullable Tree whenFalse,
      Symbol local) {
    Tree test = stripParentheses(condition);
    return isNullTestOf(test, local)
        && ((test.getKind() == Tree.Kind.NOT_EQUAL_TO && branch == whenTrue)
            || (test.getKind() == Tree.Kind.EQUAL_TO && branch == whenFalse));
  }

  /** Whether {@code tree} is {@code local == null} or {@code local != null}, either way round. */
  private static boolean isNullTestOf(Tree tree, Symbol local) {
    return tree instanceof BinaryTree test
        && (test.getKind() == Tree.Kind.EQUAL_TO || test.getKind() == Tree.Kind.NOT_EQUAL_TO)
        && ((Sources.isNullLiteral(test.getRightOperand())
                && getSymbol(stripParentheses(test.getLeftOperand())) == local)
            || (Sources.isNullLiteral(test.getLeftOperand())
                && getSymbol(stripParentheses(test.getRightOperand())) == local));
  }

  /** The path of the call with the parentheses around it: what the code around it uses. */
  private static TreePath withParentheses(TreePath callPath) {
    TreePath path = callPath;
    while (path.getParentPath().getLeaf() instanceof ParenthesizedTree) {
      path = path.getParentPath();
    }
    return path;
  }

  private static boolean isPrimitive(Tree variable) {
    Type type = getType(variable);
    return type != null && type.isPrimitive();
  }

  /** The dereferences of the value of {@code call} in {@code graph}, unordered. */
  static ImmutableList<Dereference> all(ControlFlowGraph graph, Tree call, VisitorState state) {
    Switches switches = Switches.of(graph);
    FactFlow.Result<MayBeNull> result = new Flow(call, switches).run(graph);
    boolean returnsPrimitive = returnsPrimitive(bodyOf(graph.getUnderlyingAST()), state);
    ImmutableList.Builder<Dereference> dereferences = ImmutableList.builder();
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node node : graph.getAllNodes()) {
      if (!seen.add(node)) {
        continue; // Listed once per block it is in (an array access, per exception it throws).
      }
      Node returned = returnsPrimitive ? Returns.valueNode(node) : null;
      if (returned == null) {
        returned = unboxedByAssignment(node);
      }
      Node receiver = returned != null ? returned : switches.dereferenced(node);
      if (receiver != null
          && mayBeNull(NullTest.withoutCasts(receiver), call, result.before(node))) {
        dereferences.add(
            new Dereference(
                receiver.getTree(),
                returned != null || NullTest.isUnboxing(node),
                node.getTree() instanceof MemberSelectTree select && node.getInSource()
                    ? select
                    : receiver.getTree()));
      }
    }
    return dereferences.build();
  }

  /**
   * The boxed value that {@code node} assigns to a primitive variable the graph made, which unboxes
   * it: the value of a case of a switch expression of a primitive type ({@code int n = switch (k) {
   * case 1 -> { Integer v = ...; yield v; } ... }}), which the graph assigns to the expression's
   * own variable without the unboxing it makes explicit elsewhere.
   */
  private static @Nullable Node unboxedByAssignment(Node node) {
    return node instanceof AssignmentNode assignment
            && !assignment.getTarget().getInSource()
            && assignment.getTarget().getType().getKind().isPrimitive()
            && !assignment.getExpression().getType().getKind().isPrimitive()
        ? assignment.getExpression()
        : null;
  }

  /**
   * Whether {@code body}, a method or lambda, returns a primitive, so that returning a boxed value
   * unboxes it: the graphs make the unboxing explicit everywhere but there.
   */
  private static boolean returnsPrimitive(@Nullable Tree body, VisitorState state) {
    Type returned = null;
    if (body instanceof MethodTree method) {
      returned = getSymbol(method).getReturnType();
    } else if (body instanceof LambdaExpressionTree lambda) {
      Type descriptor = Functions.descriptorType(lambda, state);
      returned = descriptor == null ? null : descriptor.getReturnType();
    }
    return returned != null && returned.isPrimitive();
  }

  private static @Nullable Tree bodyOf(UnderlyingAST ast) {
    if (ast instanceof UnderlyingAST.CFGMethod method) {
      return method.getMethod();
    }
    return ast instanceof UnderlyingAST.CFGLambda lambda ? lambda.getLambdaTree() : null;
  }

  private static final class Flow extends FactFlow<MayBeNull> {
    private final Tree call;
    private final Switches switches;

    Flow(Tree call, Switches switches) {
      super(Merge.UNION);
      this.call = call;
      this.switches = switches;
    }

    @Override
    protected ImmutableSet<MayBeNull> transfer(Node node, ImmutableSet<MayBeNull> before) {
      if (node instanceof AssignmentNode assignment
          && assignment.getTarget() instanceof LocalVariableNode target) {
        ImmutableSet<MayBeNull> after = without(before, target);
        return mayBeNull(NullTest.withoutCasts(assignment.getExpression()), call, before)
            ? ImmutableSet.<MayBeNull>builder()
                .addAll(after)
                .add(new MayBeNull(target.getElement()))
                .build()
            : after;
      }
      Node checked = switches.dereferenced(node);
      if (checked == null) {
        checked = requiredNonNull(node);
      }
      return checked instanceof LocalVariableNode local ? without(before, local) : before;
    }

    @Override
    protected @Nullable Branches<MayBeNull> branches(Node node, ImmutableSet<MayBeNull> after) {
      Optional<NullTest> test = NullTest.of(node);
      if (test.isEmpty() || !(test.get().tested() instanceof LocalVariableNode local)) {
        return null;
      }
      return test.get().branches(without(after, local), after, after);
    }
  }

  /** Whether {@code value} may be the call's unchecked value: the call, or a local holding it. */
  private static boolean mayBeNull(Node value, Tree call, ImmutableSet<MayBeNull> facts) {
    if (value instanceof MethodInvocationNode invocation && invocation.getTree() == call) {
      return true;
    }
    return value instanceof LocalVariableNode local
        && facts.contains(new MayBeNull(local.getElement()));
  }

  /** The value {@code node} dereferences: a method's or field's receiver, an array. */
  private static @Nullable Node dereferenced(Node node) {
    if (node instanceof MethodAccessNode access && !access.isStatic()) {
      return closesAResource(access) ? null : access.getReceiver();
    }
    if (node instanceof FieldAccessNode field && !field.isStatic()) {
      return field.getReceiver();
    }
    if (node instanceof SynchronizedNode monitor) {
      return monitor.getExpression();
    }
    if (node instanceof ThrowNode thrown) {
      return thrown.getExpression();
    }
    return node instanceof ArrayAccessNode access ? access.getArray() : null;
  }

  /**
   * Whether {@code access} is the {@code close()} that a try-with-resources statement adds for one
   * of its resources, declared there or named ({@code try (r)}): Java calls it only on a resource
   * that is not null. The graph adds no other call of that name (an enhanced {@code for}'s {@code
   * iterator()} is a dereference).
   */
  private static boolean closesAResource(MethodAccessNode access) {
    return !access.getInSource() && access.getMethod().getSimpleName().contentEquals("close");
  }

  /** The local {@code Objects.requireNonNull(x, ...)} (and the like) stops at if null. */
  private static @Nullable Node requiredNonNull(Node node) {
    if (!(node instanceof MethodInvocationNode invocation)
        || invocation.getArguments().isEmpty()
        || !(invocation.getTarget().getMethod() instanceof Symbol method)) {
      return null;
    }
    String name = method.owner.getQualifiedName() + "." + method.getSimpleName();
    boolean requires =
        name.equals("java.util.Objects.requireNonNull")
            || name.equals("com.google.common.base.Preconditions.checkNotNull")
            || name.equals("com.google.common.base.Verify.verifyNotNull");
    return requires ? NullTest.withoutCasts(invocation.getArguments().get(0)) : null;
  }

  /**
   * What the switches of a graph dereference, beside what {@link #dereferenced} sees. A switch
   * without a {@code case null} throws on a null selector (Java 21 kept that for every switch but
   * those that name null), also one with only a {@code default}, which the graph tests nothing for;
   * with one, it tests for null first, so the unboxing that the graph builder puts before the cases
   * of a boxed selector dereferences nothing there.
   *
   * @param selectorUses each node that dereferences a switch's selector, with the value it
   *     dereferences: the selector assignment of a switch with cases and no {@code case null}, the
   *     selector itself of one with only a {@code default}; a boxed selector is left out, its
   *     unboxing already dereferences it
   * @param unboxingsAfterCaseNull the builder's unboxings of selectors of switches with one
   */
  private record Switches(
      IdentityHashMap<Node, Node> selectorUses, Set<Node> unboxingsAfterCaseNull) {
    static Switches of(ControlFlowGraph graph) {
      IdentityHashMap<Node, Node> selectorUses = new IdentityHashMap<>();
      Set<Node> unboxings = Collections.newSetFromMap(new IdentityHashMap<>());
      List<NullTest.SourceSwitch> switches =
          NullTest.switchesIn(graph.getUnderlyingAST().getCode());
      if (switches.isEmpty()) {
        return new Switches(selectorUses, unboxings); // Most bodies.
      }
      Set<Tree> casesNamingNull = Collections.newSetFromMap(new IdentityHashMap<>());
      switches.stream()
          .filter(NullTest.SourceSwitch::namesNull)
          .forEach(namingNull -> casesNamingNull.addAll(namingNull.cases()));
      Set<Tree> tested = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Node node : graph.getAllNodes()) {
        if (!(node instanceof CaseNode test)) {
          continue;
        }
        tested.add(test.getTree());
        MethodAccessNode unboxing = NullTest.unboxingOfSelector(test);
        if (casesNamingNull.contains(test.getTree())) {
          if (unboxing != null) {
            unboxings.add(unboxing);
          }
        } else if (unboxing == null) {
          selectorUses.put(test.getSwitchOperand(), test.getSwitchOperand().getExpression());
        }
      }
      for (NullTest.SourceSwitch onlyDefault : switches) {
        if (onlyDefault.namesNull() || onlyDefault.cases().stream().anyMatch(tested::contains)) {
          continue;
        }
        Set<Node> selectors =
            graph.getNodesCorrespondingToTree(stripParentheses(onlyDefault.selector()));
        if (selectors != null) {
          selectors.forEach(selector -> selectorUses.put(selector, selector));
        }
      }
      return new Switches(selectorUses, unboxings);
    }

    /** The value {@code node} dereferences, or null. */
    @Nullable Node dereferenced(Node node) {
      if (unboxingsAfterCaseNull.contains(node)) {
        return null;
      }
      Node selector = selectorUses.get(node);
      return selector != null ? selector : NullDereferences.dereferenced(node);
    }
  }

  private static ImmutableSet<MayBeNull> without(
      ImmutableSet<MayBeNull> facts, LocalVariableNode local) {
    MayBeNull fact = new MayBeNull(local.getElement());
    return facts.contains(fact)
        ? facts.stream().filter(f -> !f.equals(fact)).collect(ImmutableSet.toImmutableSet())
        : facts;
  }
}
