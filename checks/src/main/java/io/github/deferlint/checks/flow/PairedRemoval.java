package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.getType;
import static com.google.errorprone.util.ASTHelpers.isSubtype;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.model.Holders;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Whether the class that makes a registration also undoes it: it passes what holds the registered
 * value to a removal call, anywhere in the same top-level class.
 *
 * <p>What holds it is followed through the class's copies, as real code keeps a hook: a local read
 * from the field ({@code Thread hook = this.hook; this.hook = null; remove(hook)}), a field
 * assigned from the local or parameter that was registered, a method of the class that returns it
 * and the variables its callers keep the result in, and a {@code Reference}, {@code
 * AtomicReference} or {@code Optional} that wraps it and gives it back with {@code get()}. A value
 * the class hands to code it cannot follow (a registry, a map: {@code context.putObject(KEY,
 * hook)}) counts as removed when the class removes a value it got back from such code ({@code
 * (Thread) context.getObject(KEY)}), or from an array or a loop over a collection.
 */
public final class PairedRemoval {
  private PairedRemoval() {}

  private static final ImmutableSet<String> WRAPPER_TYPES =
      ImmutableSet.of(
          "java.lang.ref.Reference",
          "java.util.concurrent.atomic.AtomicReference",
          "java.util.Optional");

  /**
   * Whether {@code registered}, the argument of the registration at {@code registration}, is held
   * by something that the same top-level class passes to {@code removal} (which answers, for a
   * call, the argument it removes, if it is a removal).
   */
  public static boolean removedInClass(
      ExpressionTree registered,
      TreePath registration,
      BiFunction<MethodInvocationTree, VisitorState, Optional<ExpressionTree>> removal,
      VisitorState state) {
    ClassTree topLevel = topLevelClass(registration);
    if (topLevel == null) {
      return false;
    }
    Copies copies = Copies.in(topLevel, state);
    Value target = copies.valueOf(registered);
    if (target.variable() == null) {
      return false;
    }
    return removedInClass(target.variable(), topLevel, copies, registration, removal, state);
  }

  /**
   * Whether the variable that keeps what the registration at {@code registration} returns ({@code
   * hook = Hooks.add(this)}), or a copy of it, is passed by the same top-level class to {@code
   * removal}.
   */
  public static boolean resultRemovedInClass(
      TreePath registration,
      BiFunction<MethodInvocationTree, VisitorState, Optional<ExpressionTree>> removal,
      VisitorState state) {
    ClassTree topLevel = topLevelClass(registration);
    Symbol holder = resultHolder(registration, state);
    return topLevel != null
        && holder != null
        && removedInClass(
            holder, topLevel, Copies.in(topLevel, state), registration, removal, state);
  }

  /**
   * The variable that keeps what the call at {@code callPath} returns: {@code hook = add(..)}, or,
   * for a helper that returns it ({@code return add(..)}), the variable that code of the same file
   * keeps the helper's result in ({@code this.hook = createHook(..)}).
   */
  private static @Nullable Symbol resultHolder(TreePath callPath, VisitorState state) {
    TreePath parent = callPath.getParentPath();
    while (parent != null && parent.getLeaf() instanceof ParenthesizedTree) {
      parent = parent.getParentPath();
    }
    Tree leaf = parent == null ? null : parent.getLeaf();
    if (leaf instanceof ReturnTree) {
      MethodTree helper = ASTHelpers.findEnclosingNode(parent, MethodTree.class);
      return helper == null ? null : keeperOfResult(getSymbol(helper), state);
    }
    Symbol holder =
        leaf instanceof AssignmentTree assignment
            ? getSymbol(assignment.getVariable())
            : leaf instanceof VariableTree variable ? getSymbol(variable) : null;
    return holder instanceof VarSymbol ? holder : null;
  }

  /**
   * A variable that code of the compilation unit assigns or initializes with a call of {@code
   * method}.
   */
  private static @Nullable Symbol keeperOfResult(MethodSymbol method, VisitorState state) {
    Symbol[] keeper = {null};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree assignment, Void unused) {
        if (calls(assignment.getExpression(), method)
            && getSymbol(assignment.getVariable()) instanceof VarSymbol variable) {
          keeper[0] = variable;
        }
        return super.visitAssignment(assignment, null);
      }

      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        if (calls(variable.getInitializer(), method)) {
          keeper[0] = getSymbol(variable);
        }
        return super.visitVariable(variable, null);
      }
    }.scan(state.getPath().getCompilationUnit(), null);
    return keeper[0];
  }

  private static boolean calls(@Nullable ExpressionTree expression, MethodSymbol method) {
    return expression != null
        && stripParentheses(expression) instanceof MethodInvocationTree call
        && method.equals(getSymbol(call));
  }

  private static @Nullable ClassTree topLevelClass(TreePath path) {
    ClassTree topLevel = null;
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      if (current.getLeaf() instanceof ClassTree type) {
        topLevel = type;
      }
    }
    return topLevel;
  }

  private static boolean removedInClass(
      Symbol variable,
      ClassTree topLevel,
      Copies copies,
      TreePath registration,
      BiFunction<MethodInvocationTree, VisitorState, Optional<ExpressionTree>> removal,
      VisitorState state) {
    Symbol held = copies.component(variable);
    List<ExpressionTree> removed = new ArrayList<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        removal.apply(call, state).ifPresent(removed::add);
        return super.visitMethodInvocation(call, null);
      }
    }.scan(topLevel, null);
    boolean handedOver = copies.handedOver(held, registration.getLeaf(), removed);
    for (ExpressionTree argument : removed) {
      Value value = copies.valueOf(argument);
      if (value.variable() != null && copies.component(value.variable()) == held) {
        return true;
      }
      if (handedOver && copies.comesFromElsewhere(value)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What an expression's value is, as far as the class's copies tell: the variable it reads (or
   * assigns), or, when it is not a variable, whether it comes from code the class cannot follow.
   */
  private record Value(@Nullable Symbol variable, boolean fromElsewhere) {}

  /**
   * The top-level class's copies of values between variables, as a union-find over their symbols:
   * variables in one component may hold the same value.
   */
  private static final class Copies {
    private final Map<Symbol, Symbol> parent = new HashMap<>();
    private final Set<Symbol> fromElsewhere = new HashSet<>();
    private final Map<Symbol, List<ExpressionTree>> returned = new HashMap<>();
    private final List<Tree> handovers = new ArrayList<>();
    private final VisitorState state;

    private Copies(VisitorState state) {
      this.state = state;
    }

    static Copies in(ClassTree topLevel, VisitorState state) {
      Copies copies = new Copies(state);
      copies.collectReturns(topLevel);
      copies.collectCopies(topLevel);
      return copies;
    }

    private void collectReturns(ClassTree topLevel) {
      new TreeScanner<Void, Void>() {
        private @Nullable Symbol method; // Null outside a method, and in a lambda.

        @Override
        public Void visitMethod(MethodTree tree, Void unused) {
          Symbol outer = method;
          method = getSymbol(tree);
          super.visitMethod(tree, null);
          method = outer;
          return null;
        }

        @Override
        public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
          Symbol outer = method;
          method = null; // A lambda's return is the lambda's, not the method's.
          super.visitLambdaExpression(lambda, null);
          method = outer;
          return null;
        }

        @Override
        public Void visitReturn(ReturnTree statement, Void unused) {
          if (method != null && statement.getExpression() != null) {
            returned.computeIfAbsent(method, m -> new ArrayList<>()).add(statement.getExpression());
            handovers.add(statement.getExpression());
          }
          return super.visitReturn(statement, null);
        }
      }.scan(topLevel, null);
    }

    private void collectCopies(ClassTree topLevel) {
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitVariable(VariableTree variable, Void unused) {
          if (variable.getInitializer() != null) {
            copy(getSymbol(variable), variable.getInitializer());
          }
          return super.visitVariable(variable, null);
        }

        @Override
        public Void visitAssignment(AssignmentTree assignment, Void unused) {
          Symbol variable = getSymbol(assignment.getVariable());
          if (variable instanceof VarSymbol) {
            copy(variable, assignment.getExpression());
          } else if (assignment.getVariable() instanceof ArrayAccessTree) {
            handovers.add(assignment.getExpression());
          }
          return super.visitAssignment(assignment, null);
        }

        @Override
        public Void visitEnhancedForLoop(EnhancedForLoopTree loop, Void unused) {
          fromElsewhere.add(getSymbol(loop.getVariable()));
          return super.visitEnhancedForLoop(loop, null);
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
          Symbol method = getSymbol(call);
          ExpressionTree receiver = getReceiver(call);
          if (method != null
              && call.getArguments().size() == 1
              && Holders.isSetter(method, state)
              && getSymbol(receiver) instanceof VarSymbol holder) {
            copy(holder, call.getArguments().get(0)); // ref.set(hook)
          }
          handovers.addAll(call.getArguments());
          return super.visitMethodInvocation(call, null);
        }

        @Override
        public Void visitNewClass(NewClassTree construction, Void unused) {
          handovers.addAll(construction.getArguments());
          return super.visitNewClass(construction, null);
        }
      }.scan(topLevel, null);
    }

    /** Records that {@code variable} is given the value of {@code expression}. */
    private void copy(Symbol variable, ExpressionTree expression) {
      Value value = valueOf(expression);
      if (value.variable() != null) {
        union(variable, value.variable());
      } else if (value.fromElsewhere()) {
        fromElsewhere.add(variable);
      }
      for (ExpressionTree result : resultsOfOwnMethod(expression)) {
        Value returnedValue = valueOf(result);
        if (returnedValue.variable() != null) {
          union(variable, returnedValue.variable());
        }
      }
    }

    /**
     * What {@code expression} evaluates to: a variable it reads or assigns, seen through
     * parentheses, casts and wrappers; else whether it is the result of a call the class cannot
     * follow, or an element of an array.
     */
    Value valueOf(ExpressionTree expression) {
      ExpressionTree tree = stripped(expression);
      if (tree instanceof AssignmentTree assignment) {
        tree = assignment.getVariable();
      }
      if (tree instanceof NewClassTree construction
          && construction.getArguments().size() == 1
          && isWrapper(getType(construction))) {
        return valueOf(construction.getArguments().get(0)); // new WeakReference<>(hook)
      }
      if (tree instanceof MethodInvocationTree call) {
        return valueOfCall(call);
      }
      if (tree instanceof ArrayAccessTree) {
        return new Value(null, true);
      }
      Symbol symbol = getSymbol(tree);
      return new Value(symbol instanceof VarSymbol ? symbol : null, false);
    }

    private Value valueOfCall(MethodInvocationTree call) {
      Symbol method = getSymbol(call);
      ExpressionTree receiver = getReceiver(call);
      if (method instanceof MethodSymbol called) {
        boolean wrapperMethod = isWrapper(called.owner.type);
        if (wrapperMethod
            && called.isStatic()
            && call.getArguments().size() == 1
            && (called.getSimpleName().contentEquals("of")
                || called.getSimpleName().contentEquals("ofNullable"))) {
          return valueOf(call.getArguments().get(0)); // Optional.ofNullable(hook)
        }
        if (receiver != null
            && call.getArguments().isEmpty()
            && (Holders.isGetter(called, state)
                || (wrapperMethod && called.getSimpleName().contentEquals("get")))) {
          return valueOf(receiver); // ref.get()
        }
        if (returned.containsKey(called)) {
          return new Value(null, false); // Followed through its returns, in copy().
        }
      }
      return new Value(null, true);
    }

    private List<ExpressionTree> resultsOfOwnMethod(ExpressionTree expression) {
      return stripped(expression) instanceof MethodInvocationTree call
          ? returned.getOrDefault(getSymbol(call), List.of())
          : List.of();
    }

    /**
     * Whether the class passes what holds {@code held} (a component) to code other than {@code
     * registration} and the removals: as an argument, a returned value or an array element.
     */
    boolean handedOver(Symbol held, Tree registration, List<ExpressionTree> removals) {
      Set<Tree> excluded = new HashSet<>(removals);
      if (registration instanceof MethodInvocationTree call) {
        excluded.addAll(call.getArguments());
      }
      for (Tree handover : handovers) {
        if (excluded.contains(handover) || !(handover instanceof ExpressionTree expression)) {
          continue;
        }
        Symbol variable = valueOf(expression).variable();
        if (variable != null && component(variable) == held) {
          return true;
        }
      }
      return false;
    }

    /** Whether {@code value} may be anything the class could have handed over. */
    boolean comesFromElsewhere(Value value) {
      if (value.variable() == null) {
        return value.fromElsewhere();
      }
      Symbol root = component(value.variable());
      for (Symbol variable : fromElsewhere) {
        if (component(variable) == root) {
          return true;
        }
      }
      return false;
    }

    Symbol component(Symbol variable) {
      Symbol root = variable;
      while (parent.containsKey(root)) {
        root = parent.get(root);
      }
      return root;
    }

    private void union(Symbol a, Symbol b) {
      Symbol rootA = component(a);
      Symbol rootB = component(b);
      if (rootA != rootB) {
        parent.put(rootA, rootB);
      }
    }

    private boolean isWrapper(Type type) {
      if (type == null) {
        return false;
      }
      for (String wrapper : WRAPPER_TYPES) {
        Type wrapperType = state.getTypeFromString(wrapper);
        if (wrapperType != null && isSubtype(type, wrapperType, state)) {
          return true;
        }
      }
      return false;
    }

    private static ExpressionTree stripped(ExpressionTree expression) {
      ExpressionTree tree = stripParentheses(expression);
      while (tree instanceof TypeCastTree cast) {
        tree = stripParentheses(cast.getExpression());
      }
      return tree;
    }
  }
}
