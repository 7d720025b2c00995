package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.getType;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.method.MethodMatchers;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BindingPatternTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import io.github.deferlint.checks.flow.Loops.Loop;
import io.github.deferlint.checks.model.DeferApi.RegistrationKind;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.util.Functions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.type.TypeKind;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The close-all idiom: a loop whose iterations register the elements of a collection that exists
 * before it ({@code for (Resource r : resources) closer.register(r)}). It opens nothing per
 * iteration, and what the scope keeps grows with a collection the program holds anyway.
 *
 * <p>An element is the iteration's variable or a {@code forEach} lambda's parameter (see {@link
 * Loop#existingElements}), the binding of an {@code instanceof} pattern on it, a cast of it, the
 * key or value of a map entry it is, a component of a record it is, or, in an indexed {@code for},
 * {@code list.get(i)} and {@code array[i]} of its index. An iteration that uses the element
 * otherwise than to test it against null or a type, or to make text of it in a log line, ({@code
 * lock.lock(); scope.defer(lock::unlock)}) may acquire what it registers.
 */
public final class CloseAll {
  private static final Matcher<ExpressionTree> ENTRY_PART =
      MethodMatchers.instanceMethod()
          .onDescendantOf("java.util.Map.Entry")
          .namedAnyOf("getKey", "getValue");

  private static final Matcher<ExpressionTree> LIST_GET =
      MethodMatchers.instanceMethod().onDescendantOf("java.util.List").named("get");

  private final Loop loop;
  private final Set<Symbol> elements;
  private final @Nullable Symbol index;

  private CloseAll(Loop loop, Set<Symbol> elements, @Nullable Symbol index) {
    this.loop = loop;
    this.elements = elements;
    this.index = index;
  }

  /** The elements of what {@code loop} iterates over, as its body names them. */
  public static CloseAll of(Loop loop, VisitorState state) {
    Set<Symbol> elements = new HashSet<>(loop.existingElements(state));
    Symbol index = indexOf(loop.loop());
    CloseAll closeAll = new CloseAll(loop, elements, index);
    if (loop.body() != null) {
      closeAll.addPatternBindings();
    }
    return closeAll;
  }

  /**
   * Whether {@code registered} keeps an element of the loop: the resource of {@code closing(r)},
   * the receiver of {@code defer(r::close)}, the first value of {@code defer(Resource::close, r)},
   * or a lambda that calls a method of an element and captures nothing else the iteration declares
   * ({@code () -> resource.close()}).
   */
  public boolean registersAnElement(Registration registered, VisitorState state) {
    ExpressionTree action = registered.action();
    if (registered.kind() == RegistrationKind.CLOSING) {
      return isElement(action, state);
    }
    if (Functions.boundReceiver(action).isPresent()) {
      return isElement(Functions.boundReceiver(action).get(), state);
    }
    if (action instanceof MemberReferenceTree reference) {
      return Functions.isUnbound(reference)
          && !registered.values().isEmpty()
          && isElement(registered.values().get(0), state);
    }
    return action instanceof LambdaExpressionTree lambda
        && callsAnElement(lambda, state)
        && capturesOnlyElements(lambda);
  }

  /**
   * {@code () -> resource.close()}: the lambda form of {@code defer(resource::close)}. A call that
   * only passes the element on ({@code () -> log(name)}) is an action of its own for each element.
   */
  private boolean callsAnElement(LambdaExpressionTree lambda, VisitorState state) {
    Tree body = lambda.getBody();
    if (body instanceof BlockTree block
        && block.getStatements().size() == 1
        && block.getStatements().get(0) instanceof ExpressionStatementTree statement) {
      body = statement.getExpression();
    }
    return body instanceof MethodInvocationTree call
        && getReceiver(call) != null
        && isElement(getReceiver(call), state);
  }

  /**
   * Whether the body uses an element outside {@code registration}, other than in a test of it
   * against null or a type.
   */
  public boolean usedOutside(Tree registration) {
    boolean[] used = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public @Nullable Void scan(@Nullable Tree tree, Void unused) {
        return tree == registration || used[0] ? null : super.scan(tree, null);
      }

      @Override
      public Void visitBinary(BinaryTree binary, Void unused) {
        if (isNullTest(binary)) {
          return null;
        }
        if (isConcatenation(binary)) {
          // Text of the element, as a log line makes: its toString() acquires nothing.
          for (ExpressionTree operand :
              List.of(binary.getLeftOperand(), binary.getRightOperand())) {
            if (!(stripParentheses(operand) instanceof IdentifierTree)) {
              scan(operand, null);
            }
          }
          return null;
        }
        return super.visitBinary(binary, null);
      }

      @Override
      public Void visitInstanceOf(InstanceOfTree test, Void unused) {
        return stripParentheses(test.getExpression()) instanceof IdentifierTree
            ? null
            : super.visitInstanceOf(test, null);
      }

      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        Symbol symbol = getSymbol(identifier);
        used[0] |= elements.contains(symbol) || (symbol != null && symbol.equals(index));
        return null;
      }
    }.scan(loop.body(), null);
    return used[0];
  }

  private boolean isElement(ExpressionTree expression, VisitorState state) {
    ExpressionTree value = stripParentheses(expression);
    while (value instanceof TypeCastTree cast) {
      value = stripParentheses(cast.getExpression());
    }
    if (value instanceof IdentifierTree) {
      return elements.contains(getSymbol(value));
    }
    if (value instanceof MethodInvocationTree call
        && (ENTRY_PART.matches(call, state) || isRecordComponent(call))) {
      return getReceiver(call) != null && isElement(getReceiver(call), state);
    }
    if (index == null) {
      return false;
    }
    if (value instanceof MethodInvocationTree call
        && LIST_GET.matches(call, state)
        && call.getArguments().size() == 1) {
      return isIndex(call.getArguments().get(0)) && isOutsideTheLoop(getReceiver(call));
    }
    return value instanceof ArrayAccessTree access
        && isIndex(access.getIndex())
        && isOutsideTheLoop(access.getExpression());
  }

  /** A record's accessor of one of its components: what the element holds, made before. */
  private static boolean isRecordComponent(MethodInvocationTree call) {
    MethodSymbol accessor = getSymbol(call);
    return accessor != null
        && accessor.getParameters().isEmpty()
        && accessor.owner instanceof ClassSymbol type
        && type.getRecordComponents().stream()
            .anyMatch(component -> component.getSimpleName().equals(accessor.getSimpleName()));
  }

  private boolean isIndex(ExpressionTree expression) {
    return index != null
        && stripParentheses(expression) instanceof IdentifierTree identifier
        && index.equals(getSymbol(identifier));
  }

  /** Whether {@code collection} is a variable the iteration does not declare: it exists before. */
  private boolean isOutsideTheLoop(ExpressionTree collection) {
    if (collection == null) {
      return false;
    }
    Symbol symbol = getSymbol(stripParentheses(collection));
    return symbol instanceof VarSymbol && !declaredIn(loop.body(), symbol);
  }

  private boolean capturesOnlyElements(LambdaExpressionTree lambda) {
    boolean[] capturesElement = {false};
    boolean[] capturesOther = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        Symbol symbol = getSymbol(identifier);
        if (elements.contains(symbol)) {
          capturesElement[0] = true;
        } else if (symbol instanceof VarSymbol
            && declaredIn(loop.body(), symbol)
            && !declaredIn(lambda, symbol)) {
          capturesOther[0] = true;
        }
        return null;
      }
    }.scan(lambda.getBody(), null);
    return capturesElement[0] && !capturesOther[0];
  }

  /** {@code o instanceof Closeable c} on an element: {@code c} is the element too. */
  private void addPatternBindings() {
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitInstanceOf(InstanceOfTree test, Void unused) {
        if (test.getPattern() instanceof BindingPatternTree binding
            && stripParentheses(test.getExpression()) instanceof IdentifierTree tested
            && elements.contains(getSymbol(tested))) {
          elements.add(getSymbol(binding.getVariable()));
        }
        return super.visitInstanceOf(test, null);
      }
    }.scan(loop.body(), null);
  }

  /** The index of {@code for (int i = ..; ..; i++)} or {@code i--}: its one variable. */
  private static @Nullable Symbol indexOf(Tree loop) {
    if (!(loop instanceof ForLoopTree forLoop)
        || forLoop.getInitializer().size() != 1
        || !(forLoop.getInitializer().get(0) instanceof VariableTree variable)
        || getType(variable).getKind() != TypeKind.INT) {
      return null;
    }
    return getSymbol(variable);
  }

  private static boolean isNullTest(BinaryTree binary) {
    return (binary.getKind() == Tree.Kind.EQUAL_TO || binary.getKind() == Tree.Kind.NOT_EQUAL_TO)
        && (binary.getLeftOperand().getKind() == Tree.Kind.NULL_LITERAL
            || binary.getRightOperand().getKind() == Tree.Kind.NULL_LITERAL);
  }

  private static boolean isConcatenation(BinaryTree binary) {
    return binary.getKind() == Tree.Kind.PLUS
        && getType(binary) != null
        && getType(binary).tsym.getQualifiedName().contentEquals("java.lang.String");
  }

  private static boolean declaredIn(@Nullable Tree tree, Symbol symbol) {
    boolean[] declared = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        declared[0] |= symbol.equals(getSymbol(variable));
        return super.visitVariable(variable, null);
      }
    }.scan(tree, null);
    return declared[0];
  }
}
