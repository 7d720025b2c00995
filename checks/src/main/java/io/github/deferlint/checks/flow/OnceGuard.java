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
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.Sources;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
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
 *       {@code throw}), then the rest of the block, which sets the flag; also in a {@code
 *       synchronized} block before the guarded code, which then sets the flag too;
 *   <li>a static state compared with a constant, {@code if (state >= STARTING) return; state =
 *       STARTING;} or an enum's {@code if (state != State.NEW) return;}, where every assignment of
 *       the state in the class keeps the test leaving: a state that only moves forward.
 * </ul>
 *
 * The flag is set after the test, to the value that makes the test leave, and the method does not
 * set it back (a "busy" flag cleared in a {@code finally} guards nothing). A flag of an instance is
 * no such guard, as every new instance runs the code once more, except in an enum, whose instances
 * are its constants; elsewhere {@link #guardsEachInstance} tells such a flag, and {@link
 * Repetition} decides whether the class has a bounded number of instances.
 */
public final class OnceGuard {
  private static final OnceGuard PER_JVM = new OnceGuard(false);
  private static final OnceGuard PER_INSTANCE = new OnceGuard(true);

  /** Whether the flags are an instance's fields (once per instance) rather than static ones. */
  private final boolean ofEachInstance;

  private OnceGuard(boolean ofEachInstance) {
    this.ofEachInstance = ofEachInstance;
  }

  /**
   * Whether the tree at {@code parentPath}, which directly holds {@code child}, lets {@code child}
   * run at most once per JVM: an {@code if} whose branch {@code child} is, or a block in which an
   * earlier statement leaves unless the flag is unset.
   */
  public static boolean guards(TreePath parentPath, Tree child, VisitorState state) {
    return PER_JVM.guard(parentPath, child, state);
  }

  /**
   * Whether the tree at {@code parentPath} lets {@code child} run at most once per instance: the
   * same tests on a flag of the instance ({@code if (hooked.compareAndSet(false, true))}).
   */
  public static boolean guardsEachInstance(TreePath parentPath, Tree child, VisitorState state) {
    return PER_INSTANCE.guard(parentPath, child, state);
  }

  private boolean guard(TreePath parentPath, Tree child, VisitorState state) {
    Tree parent = parentPath.getLeaf();
    if (parent instanceof MethodInvocationTree call
        && call.getArguments().size() == 2
        && call.getArguments().get(1) == child) {
      return isCallOnMap(call, "computeIfAbsent", state);
    }
    if (parent instanceof IfTree guard) {
      if (child == guard.getThenStatement()) {
        return firstTimeTest(guard.getCondition(), true, List.of(child), parentPath, state);
      }
      if (child == guard.getElseStatement()) {
        return firstTimeTest(guard.getCondition(), false, List.of(child), parentPath, state);
      }
      return false;
    }
    if (parent instanceof BlockTree block) {
      List<? extends StatementTree> statements = block.getStatements();
      int index = statements.indexOf(child);
      for (int k = 0; k < index; k++) {
        List<? extends StatementTree> rest = statements.subList(k + 1, statements.size());
        if (leavesUnlessFirstTime(statements.get(k), rest, parentPath, state)) {
          return true;
        }
        if (statements.get(k) instanceof SynchronizedTree locked) {
          List<? extends StatementTree> inLock = locked.getBlock().getStatements();
          for (int j = 0; j < inLock.size(); j++) {
            // Set under the lock, so that two threads cannot both pass.
            if (leavesUnlessFirstTime(
                inLock.get(j), inLock.subList(j + 1, inLock.size()), parentPath, state)) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code statement} is {@code if (registered) return;} (or {@code throw}) on a once-flag
   * that its {@code else} or the code {@code after} it sets; in a {@code synchronized} block before
   * the guarded code, the {@code return} leaves the method along with the lock.
   */
  private boolean leavesUnlessFirstTime(
      StatementTree statement, List<? extends Tree> after, TreePath where, VisitorState state) {
    if (!(statement instanceof IfTree early) || !leaves(early.getThenStatement())) {
      return false;
    }
    List<Tree> region = new ArrayList<>();
    if (early.getElseStatement() != null) {
      region.add(early.getElseStatement());
    }
    region.addAll(after);
    return firstTimeTest(early.getCondition(), false, region, where, state);
  }

  /**
   * Whether {@code condition} being {@code value} means the guarded code runs for the first time:
   * it tests a once-flag that {@code region} sets (or swaps one atomically).
   */
  private boolean firstTimeTest(
      ExpressionTree condition,
      boolean value,
      List<? extends Tree> region,
      TreePath where,
      VisitorState state) {
    ExpressionTree test = stripParentheses(condition);
    if (test instanceof UnaryTree not && test.getKind() == Tree.Kind.LOGICAL_COMPLEMENT) {
      return firstTimeTest(not.getExpression(), !value, region, where, state);
    }
    if (test instanceof BinaryTree binary) {
      Tree.Kind both = value ? Tree.Kind.CONDITIONAL_AND : Tree.Kind.CONDITIONAL_OR;
      if (binary.getKind() == both) {
        return firstTimeTest(binary.getLeftOperand(), value, region, where, state)
            || firstTimeTest(binary.getRightOperand(), value, region, where, state);
      }
      StateTest stateTest = StateTest.of(binary, this);
      if (stateTest != null) {
        return stateTest.movesOnlyForward(!value, region, where);
      }
      Tree.Kind unset = value ? Tree.Kind.EQUAL_TO : Tree.Kind.NOT_EQUAL_TO;
      if (binary.getKind() == unset) {
        ExpressionTree other =
            Sources.isNullLiteral(binary.getLeftOperand())
                ? binary.getRightOperand()
                : binary.getLeftOperand();
        VarSymbol hook = onceField(other);
        return (Sources.isNullLiteral(binary.getLeftOperand())
                || Sources.isNullLiteral(binary.getRightOperand()))
            && ((hook != null
                    && sets(region, hook, written -> !Sources.isNullLiteral(written))
                    && !setsInMethod(where, hook, Sources::isNullLiteral))
                || (value
                    && stripParentheses(other) instanceof MethodInvocationTree put
                    && isCallOnMap(put, "putIfAbsent", state)));
      }
      return false;
    }
    if (test instanceof MethodInvocationTree call && getSymbol(call) != null) {
      String name = getSymbol(call).getSimpleName().toString();
      VarSymbol receiver = holder(getReceiver(call));
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
    VarSymbol flag = onceField(test);
    return !value
        && flag != null
        && sets(region, flag, written -> Boolean.TRUE.equals(constValue(written)))
        && !setsInMethod(where, flag, written -> !Boolean.TRUE.equals(constValue(written)));
  }

  /**
   * Whether {@code call} is {@code name} on a {@code Map} field (static, or per instance, not):
   * {@code putIfAbsent} returns null, and {@code computeIfAbsent} runs its function, once per key,
   * which the map keeps anyway.
   */
  private boolean isCallOnMap(MethodInvocationTree call, String name, VisitorState state) {
    VarSymbol receiver = holder(getReceiver(call));
    return getSymbol(call) != null
        && getSymbol(call).getSimpleName().contentEquals(name)
        && receiver != null
        && isSubtype(receiver.type, JAVA_UTIL_MAP.get(state), state);
  }

  /**
   * A test of a static state against a constant, {@code state >= STARTING} or {@code State.NEW !=
   * state}, as {@code field operator constant}: the constant a number, a character, a string or an
   * enum's constant.
   */
  private record StateTest(VarSymbol field, Tree.Kind operator, Object constant) {
    static @Nullable StateTest of(BinaryTree test, OnceGuard guard) {
      VarSymbol field = guard.onceField(test.getLeftOperand());
      Object constant = constantOf(test.getRightOperand());
      Tree.Kind operator = test.getKind();
      if (field == null || constant == null) {
        field = guard.onceField(test.getRightOperand());
        constant = constantOf(test.getLeftOperand());
        operator =
            switch (operator) {
              case LESS_THAN -> Tree.Kind.GREATER_THAN;
              case LESS_THAN_EQUAL -> Tree.Kind.GREATER_THAN_EQUAL;
              case GREATER_THAN -> Tree.Kind.LESS_THAN;
              case GREATER_THAN_EQUAL -> Tree.Kind.LESS_THAN_EQUAL;
              default -> operator;
            };
      }
      return field == null || constant == null || holds(operator, 0, 0) == null
          ? null
          : new StateTest(field, operator, constant);
    }

    /**
     * Whether the test comes out {@code leaving} once {@code region} has run, and stays so: the
     * region sets the state to a constant for which it does, and every write of the state in the
     * class does the same.
     */
    boolean movesOnlyForward(boolean leaving, List<? extends Tree> region, TreePath where) {
      if (!sets(region, field, written -> leaves(written, leaving))) {
        return false;
      }
      TreePath outermost = null;
      for (TreePath path = where; path != null; path = path.getParentPath()) {
        if (path.getLeaf() instanceof ClassTree) {
          outermost = path;
        }
      }
      return outermost != null && !writes(outermost, field, written -> !leaves(written, leaving));
    }

    /** Whether the test comes out {@code leaving} with the state set to {@code written}. */
    private boolean leaves(ExpressionTree written, boolean leaving) {
      Object value = constantOf(written);
      return value != null && Boolean.valueOf(leaving).equals(holds(operator, value, constant));
    }

    /** {@code left operator right}, or null where the two do not compare that way. */
    private static @Nullable Boolean holds(Tree.Kind operator, Object left, Object right) {
      if (operator == Tree.Kind.EQUAL_TO || operator == Tree.Kind.NOT_EQUAL_TO) {
        boolean equal =
            (left instanceof Number || left instanceof Character)
                ? Objects.equals(number(left), number(right))
                : left.equals(right);
        return equal == (operator == Tree.Kind.EQUAL_TO);
      }
      Double l = number(left);
      Double r = number(right);
      if (l == null || r == null) {
        return null;
      }
      return switch (operator) {
        case LESS_THAN -> l < r;
        case LESS_THAN_EQUAL -> l <= r;
        case GREATER_THAN -> l > r;
        case GREATER_THAN_EQUAL -> l >= r;
        default -> null;
      };
    }

    private static @Nullable Double number(Object value) {
      if (value instanceof Number number) {
        return number.doubleValue();
      }
      return value instanceof Character character ? (double) character.charValue() : null;
    }

    /** A compile-time constant's value, or the enum constant {@code tree} names. */
    private static @Nullable Object constantOf(ExpressionTree tree) {
      Object value = constValue(tree);
      if (value != null) {
        return value;
      }
      Symbol symbol = getSymbol(stripParentheses(tree));
      return symbol != null && symbol.getKind() == ElementKind.ENUM_CONSTANT ? symbol : null;
    }
  }

  /**
   * Whether code in {@code region} (not in lambdas or classes within it) assigns {@code field} a
   * value that {@code setting} accepts.
   */
  private static boolean sets(
      List<? extends Tree> region, VarSymbol field, Predicate<ExpressionTree> setting) {
    boolean[] set = {false};
    OwnCode.Scanner<Void, Void> scanner =
        new OwnCode.Scanner<>() {
          @Override
          public Void visitAssignment(AssignmentTree assignment, Void unused) {
            set[0] |=
                getSymbol(stripParentheses(assignment.getVariable())) == field
                    && setting.test(stripParentheses(assignment.getExpression()));
            return super.visitAssignment(assignment, null);
          }
        };
    region.forEach(tree -> scanner.scan(tree, null));
    return set[0];
  }

  /**
   * Whether the method (or initializer) around {@code where} writes {@code field} with a value that
   * {@code resetting} accepts, or by a compound assignment or an increment.
   */
  private static boolean setsInMethod(
      TreePath where, VarSymbol field, Predicate<ExpressionTree> resetting) {
    TreePath method = where;
    while (method.getParentPath() != null
        && !(method.getLeaf() instanceof MethodTree)
        && !(method.getParentPath().getLeaf() instanceof ClassTree)) {
      method = method.getParentPath();
    }
    return writes(method, field, resetting);
  }

  /**
   * Whether any code at {@code path}, lambdas and classes within it too, assigns {@code field} a
   * value that {@code writing} accepts, or writes it by a compound assignment or an increment.
   */
  private static boolean writes(TreePath path, VarSymbol field, Predicate<ExpressionTree> writing) {
    boolean[] written = {false};
    new OwnCode.WriteScanner() {
      @Override
      protected void written(Tree site, ExpressionTree target) {
        written[0] |=
            getSymbol(stripParentheses(target)) == field
                && (!(site instanceof AssignmentTree assignment)
                    || writing.test(stripParentheses(assignment.getExpression())));
      }

      // All of the code: a lambda or a nested class may set the field whenever it runs.
      @Override
      public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
        return scan(lambda.getBody(), null);
      }

      @Override
      public Void visitClass(ClassTree type, Void unused) {
        return scan(type.getMembers(), null);
      }
    }.scan(path, null);
    return written[0];
  }

  /**
   * The once-flag {@code tree} reads, or null: a field that is not final, static or, per instance,
   * not; per JVM also a field of an enum, which has one instance per constant.
   */
  private @Nullable VarSymbol onceField(@Nullable ExpressionTree tree) {
    VarSymbol field = holder(tree);
    if (field == null && !ofEachInstance && tree != null) {
      Symbol symbol = getSymbol(stripParentheses(tree));
      field =
          symbol instanceof VarSymbol enumField
                  && enumField.getKind() == ElementKind.FIELD
                  && enumField.owner.getKind() == ElementKind.ENUM
              ? enumField
              : null;
    }
    return field == null || field.getModifiers().contains(Modifier.FINAL) ? null : field;
  }

  /**
   * The field {@code tree} reads, or null: static, or, per instance, one of this instance's
   * (another object's flag is no flag of the code's own class).
   */
  private @Nullable VarSymbol holder(@Nullable ExpressionTree tree) {
    if (tree == null) {
      return null;
    }
    ExpressionTree read = stripParentheses(tree);
    return getSymbol(read) instanceof VarSymbol field
            && field.getKind() == ElementKind.FIELD
            && field.isStatic() != ofEachInstance
            && (!ofEachInstance || readsOwnField(read))
        ? field
        : null;
  }

  private static boolean readsOwnField(ExpressionTree read) {
    return !(read instanceof MemberSelectTree select)
        || (select.getExpression() instanceof IdentifierTree self
            && self.getName().contentEquals("this"));
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
