package io.github.deferlint.checks.flow;

import static com.google.errorprone.suppliers.Suppliers.typeFromString;
import static com.google.errorprone.util.ASTHelpers.constValue;
import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isSubtype;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.google.errorprone.suppliers.Supplier;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.Sources;
import java.util.List;
import javax.lang.model.element.ElementKind;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Whether code runs at most once per JVM because a static once-flag guards it: the idioms that make
 * a registration happen once however often the method runs.
 *
 * <ul>
 *   <li>{@code if (!registered) { registered = true; ... }}, and {@code if (hook == null) { hook =
 *       ...; ... }}, on a static field assigned in the guarded branch;
 *   <li>{@code if (REGISTERED.compareAndSet(false, true)) { ... }} and {@code if
 *       (!REGISTERED.getAndSet(true)) { ... }} on a static field;
 *   <li>{@code if (ACTIVE.add(key)) { ... }} on a static {@code Set}: once per element, and the set
 *       keeps every element anyway; on a static {@code Map}, {@code if (HOOKS.putIfAbsent(key,
 *       hook) == null) { ... }} and the function of {@code HOOKS.computeIfAbsent(key, k -> ...)};
 *   <li>the same tests turned around at the top of a block: {@code if (registered) return;} (or
 *       {@code throw}), then the rest of the block, which assigns the flag; also in a {@code
 *       synchronized} block before the guarded code that assigns the flag, and on a static state
 *       that moves forward ({@code if (state >= STARTING) return; state = STARTING;}).
 * </ul>
 *
 * A flag of an instance is no such guard: every new instance runs the code once more.
 */
public final class OnceGuard {
  private OnceGuard() {}

  /**
   * Whether {@code parent}, the tree that directly holds {@code child}, lets {@code child} run at
   * most once per JVM: an {@code if} whose branch {@code child} is, or a block in which an earlier
   * statement leaves unless the flag is unset.
   */
  public static boolean guards(Tree parent, Tree child, VisitorState state) {
    if (parent instanceof MethodInvocationTree call
        && call.getArguments().size() == 2
        && call.getArguments().get(1) == child) {
      return isCallOnStaticMap(call, "computeIfAbsent", state);
    }
    if (parent instanceof IfTree guard) {
      if (child == guard.getThenStatement()) {
        return firstTimeTest(guard.getCondition(), true, child, state);
      }
      if (child == guard.getElseStatement()) {
        return firstTimeTest(guard.getCondition(), false, child, state);
      }
      return false;
    }
    if (parent instanceof BlockTree block) {
      List<? extends StatementTree> statements = block.getStatements();
      int index = statements.indexOf(child);
      for (int k = 0; k < index; k++) {
        if (leavesUnlessFirstTime(statements.get(k), block, state)
            || (statements.get(k) instanceof SynchronizedTree locked
                && locked.getBlock().getStatements().stream()
                    .anyMatch(
                        statement -> leavesUnlessFirstTime(statement, locked.getBlock(), state)))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code statement} is {@code if (registered) return;} (or {@code throw}) on a static
   * flag that {@code region} sets; also in a {@code synchronized} block before the guarded code,
   * which the {@code return} leaves along with the method.
   */
  private static boolean leavesUnlessFirstTime(
      StatementTree statement, Tree region, VisitorState state) {
    return statement instanceof IfTree early
        && early.getElseStatement() == null
        && leaves(early.getThenStatement())
        && firstTimeTest(early.getCondition(), false, region, state);
  }

  /**
   * Whether {@code condition} being {@code value} means the guarded code runs for the first time:
   * it tests a static flag that {@code region} sets (or swaps one atomically).
   */
  private static boolean firstTimeTest(
      ExpressionTree condition, boolean value, Tree region, VisitorState state) {
    ExpressionTree test = stripParentheses(condition);
    if (test instanceof UnaryTree not && test.getKind() == Tree.Kind.LOGICAL_COMPLEMENT) {
      return firstTimeTest(not.getExpression(), !value, region, state);
    }
    if (test instanceof BinaryTree binary) {
      Tree.Kind both = value ? Tree.Kind.CONDITIONAL_AND : Tree.Kind.CONDITIONAL_OR;
      if (binary.getKind() == both) {
        return firstTimeTest(binary.getLeftOperand(), value, region, state)
            || firstTimeTest(binary.getRightOperand(), value, region, state);
      }
      if (!value && reachedState(binary, region)) {
        return true;
      }
      Tree.Kind unset = value ? Tree.Kind.EQUAL_TO : Tree.Kind.NOT_EQUAL_TO;
      if (binary.getKind() == unset) {
        ExpressionTree other =
            Sources.isNullLiteral(binary.getLeftOperand())
                ? binary.getRightOperand()
                : binary.getLeftOperand();
        return (Sources.isNullLiteral(binary.getLeftOperand())
                || Sources.isNullLiteral(binary.getRightOperand()))
            && (assigns(region, staticField(other))
                || (value
                    && stripParentheses(other) instanceof MethodInvocationTree put
                    && isCallOnStaticMap(put, "putIfAbsent", state)));
      }
      return false;
    }
    if (test instanceof MethodInvocationTree call && getSymbol(call) != null) {
      String name = getSymbol(call).getSimpleName().toString();
      VarSymbol receiver = staticField(getReceiver(call));
      boolean firstTime =
          switch (name) {
            case "compareAndSet" -> value;
            case "getAndSet" -> !value;
            case "add" ->
                value
                    && receiver != null
                    && isSubtype(receiver.type, JAVA_UTIL_SET.get(state), state);
            default -> false;
          };
      return firstTime && receiver != null;
    }
    return !value && assigns(region, staticField(test));
  }

  /**
   * Whether {@code call} is {@code name} on a static {@code Map}: {@code putIfAbsent} returns null,
   * and {@code computeIfAbsent} runs its function, once per key, which the map keeps anyway.
   */
  private static boolean isCallOnStaticMap(
      MethodInvocationTree call, String name, VisitorState state) {
    VarSymbol receiver = staticField(getReceiver(call));
    return getSymbol(call) != null
        && getSymbol(call).getSimpleName().contentEquals(name)
        && receiver != null
        && isSubtype(receiver.type, JAVA_UTIL_MAP.get(state), state);
  }

  /**
   * Whether {@code test} is {@code state >= STARTED} (or {@code <=}, {@code ==}, either way round)
   * on a static field and a constant, and {@code region} sets the field to that constant, which
   * makes the test hold from then on: a state that only moves forward.
   */
  private static boolean reachedState(BinaryTree test, Tree region) {
    if (test.getKind() != Tree.Kind.GREATER_THAN_EQUAL
        && test.getKind() != Tree.Kind.LESS_THAN_EQUAL
        && test.getKind() != Tree.Kind.EQUAL_TO) {
      return false;
    }
    VarSymbol field = staticField(test.getLeftOperand());
    Object reached = constValue(test.getRightOperand());
    if (field == null) {
      field = staticField(test.getRightOperand());
      reached = constValue(test.getLeftOperand());
    }
    if (field == null || reached == null) {
      return false;
    }
    VarSymbol stateField = field;
    Object target = reached;
    boolean[] set = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree assignment, Void unused) {
        set[0] |=
            getSymbol(stripParentheses(assignment.getVariable())) == stateField
                && target.equals(constValue(assignment.getExpression()));
        return super.visitAssignment(assignment, null);
      }
    }.scan(region, null);
    return set[0];
  }

  /** The static field {@code tree} reads, or null. */
  private static @Nullable VarSymbol staticField(@Nullable ExpressionTree tree) {
    Symbol symbol = tree == null ? null : getSymbol(stripParentheses(tree));
    return symbol instanceof VarSymbol field
            && field.getKind() == ElementKind.FIELD
            && field.isStatic()
        ? field
        : null;
  }

  /** Whether code in {@code region} (not in lambdas or classes within it) assigns {@code field}. */
  private static boolean assigns(Tree region, @Nullable VarSymbol field) {
    if (field == null) {
      return false;
    }
    boolean[] assigned = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree assignment, Void unused) {
        assigned[0] |= getSymbol(stripParentheses(assignment.getVariable())) == field;
        return super.visitAssignment(assignment, null);
      }
    }.scan(region, null);
    return assigned[0];
  }

  /**
   * Whether {@code statement} always completes abruptly: a return or throw, or a block ending so.
   */
  private static boolean leaves(StatementTree statement) {
    if (statement instanceof BlockTree block) {
      List<? extends StatementTree> statements = block.getStatements();
      return !statements.isEmpty() && leaves(statements.get(statements.size() - 1));
    }
    return statement instanceof ReturnTree || statement instanceof ThrowTree;
  }

  private static final Supplier<Type> JAVA_UTIL_SET = typeFromString("java.util.Set");
  private static final Supplier<Type> JAVA_UTIL_MAP = typeFromString("java.util.Map");
}
