package io.github.deferlint.checks.flow;

import com.google.common.collect.ImmutableSet;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.errorprone.dataflow.cfg.node.CaseNode;
import org.checkerframework.errorprone.dataflow.cfg.node.EqualToNode;
import org.checkerframework.errorprone.dataflow.cfg.node.InstanceOfNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodAccessNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.node.NotEqualNode;
import org.checkerframework.errorprone.dataflow.cfg.node.NullLiteralNode;
import org.checkerframework.errorprone.dataflow.cfg.node.TypeCastNode;

/**
 * A test of a value against null, as the branches of a graph take it: {@code x == null}, {@code x
 * != null}, {@code Objects.isNull(x)}, {@code Objects.nonNull(x)}, a switch's {@code case null}
 * (Java 21), which the graph tests as {@code x == null}, and {@code x instanceof T}, whose true
 * branch shows {@code x} non-null and whose false branch shows nothing.
 *
 * @param tested the value tested, casts left out
 * @param nonNullWhen the outcome of the test on whose branch the value is not null
 * @param nullOtherwise whether the value is null on the branch of the other outcome
 */
record NullTest(Node tested, boolean nonNullWhen, boolean nullOtherwise) {

  /** The null test {@code node} is, if it is one. */
  static Optional<NullTest> of(Node node) {
    if (node instanceof EqualToNode equal) {
      return comparison(equal.getLeftOperand(), equal.getRightOperand(), false);
    }
    if (node instanceof NotEqualNode notEqual) {
      return comparison(notEqual.getLeftOperand(), notEqual.getRightOperand(), true);
    }
    if (node instanceof CaseNode test && isCaseNull(test)) {
      return Optional.of(new NullTest(selector(test), false, true));
    }
    if (node instanceof InstanceOfNode instanceOf) {
      return Optional.of(new NullTest(withoutCasts(instanceOf.getOperand()), true, false));
    }
    if (node instanceof MethodInvocationNode invocation
        && invocation.getArguments().size() == 1
        && invocation.getTarget().getMethod() instanceof Symbol method
        && method.owner.getQualifiedName().contentEquals("java.util.Objects")) {
      Node argument = withoutCasts(invocation.getArguments().get(0));
      if (method.getSimpleName().contentEquals("isNull")) {
        return Optional.of(new NullTest(argument, false, true));
      }
      if (method.getSimpleName().contentEquals("nonNull")) {
        return Optional.of(new NullTest(argument, true, true));
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code test} is a {@code case null} without a guard. ({@code case null, default} is the
   * switch's default case, which the graph does not test.)
   */
  static boolean isCaseNull(CaseNode test) {
    return test.getGuard() == null
        && !test.getCaseOperands().isEmpty()
        && test.getCaseOperands().stream().allMatch(NullLiteralNode.class::isInstance);
  }

  /**
   * A switch of the source, statement or expression.
   *
   * @param namesNull whether a label names null ({@code case null}, alone or with {@code default};
   *     Java 21): only such a switch tests for null, and {@code case null, default} is the default
   *     case, which has no test in the graph
   */
  record SourceSwitch(ExpressionTree selector, List<? extends CaseTree> cases, boolean namesNull) {
    SourceSwitch(ExpressionTree selector, List<? extends CaseTree> cases) {
      this(
          selector,
          cases,
          cases.stream()
              .flatMap(label -> label.getExpressions().stream())
              .anyMatch(expression -> expression.getKind() == Tree.Kind.NULL_LITERAL));
    }
  }

  /**
   * The switches written in {@code body}, in its lambdas and classes too: a graph of {@code body}
   * holds no case of those.
   */
  static List<SourceSwitch> switchesIn(Tree body) {
    List<SourceSwitch> switches = new ArrayList<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitSwitch(SwitchTree tree, Void unused) {
        switches.add(new SourceSwitch(tree.getExpression(), tree.getCases()));
        return super.visitSwitch(tree, null);
      }

      @Override
      public Void visitSwitchExpression(SwitchExpressionTree tree, Void unused) {
        switches.add(new SourceSwitch(tree.getExpression(), tree.getCases()));
        return super.visitSwitchExpression(tree, null);
      }
    }.scan(body, null);
    return switches;
  }

  /**
   * The value a switch tests, without casts and without the unboxing that the graph builder adds to
   * a boxed selector ({@link #unboxingOfSelector}).
   */
  private static Node selector(CaseNode test) {
    Node value = withoutCasts(test.getSwitchOperand().getExpression());
    MethodAccessNode unboxing = unboxingOfSelector(test);
    return unboxing == null ? value : withoutCasts(unboxing.getReceiver());
  }

  /**
   * The unboxing of a boxed selector ({@code switch (n)} for an {@code Integer n}), which the graph
   * builder puts before the cases; null for a selector that is not unboxed. With a {@code case
   * null} the switch tests for null first, and unboxes only on the other cases.
   */
  static @Nullable MethodAccessNode unboxingOfSelector(CaseNode test) {
    return test.getSwitchOperand().getExpression() instanceof MethodInvocationNode invocation
            && isUnboxing(invocation.getTarget())
        ? invocation.getTarget()
        : null;
  }

  /**
   * Whether {@code node} is an unboxing the graph builder added: a call of {@code intValue()} and
   * the like that is not in the source.
   */
  static boolean isUnboxing(Node node) {
    return node instanceof MethodAccessNode access
        && !access.getInSource()
        && access.getMethod().getSimpleName().toString().endsWith("Value");
  }

  /** A comparison with null, cast or not ({@code t != (Throwable) null}). */
  private static Optional<NullTest> comparison(Node left, Node right, boolean nonNullWhen) {
    Node leftValue = withoutCasts(left);
    Node rightValue = withoutCasts(right);
    boolean leftNull = leftValue instanceof NullLiteralNode;
    boolean rightNull = rightValue instanceof NullLiteralNode;
    if (rightNull && !leftNull) {
      return Optional.of(new NullTest(leftValue, nonNullWhen, true));
    }
    if (leftNull && !rightNull) {
      return Optional.of(new NullTest(rightValue, nonNullWhen, true));
    }
    return Optional.empty();
  }

  /**
   * The facts on the test's branches: {@code ifNonNull} where the value is not null, {@code ifNull}
   * where it is, and {@code after} where the test shows nothing.
   */
  <F> FactFlow.Branches<F> branches(
      ImmutableSet<F> ifNonNull, ImmutableSet<F> ifNull, ImmutableSet<F> after) {
    ImmutableSet<F> other = nullOtherwise ? ifNull : after;
    return nonNullWhen
        ? new FactFlow.Branches<>(ifNonNull, other)
        : new FactFlow.Branches<>(other, ifNonNull);
  }

  /** {@code node} without the casts around it: {@code (Integer) x} is {@code x}. */
  static Node withoutCasts(Node node) {
    Node value = node;
    while (value instanceof TypeCastNode cast) {
      value = cast.getOperand();
    }
    return value;
  }
}
