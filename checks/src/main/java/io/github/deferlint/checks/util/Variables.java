package io.github.deferlint.checks.util;

import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isConsideredFinal;
import static com.google.errorprone.util.ASTHelpers.isStatic;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.common.collect.ImmutableSet;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.checkerframework.errorprone.dataflow.cfg.node.ClassNameNode;
import org.checkerframework.errorprone.dataflow.cfg.node.FieldAccessNode;
import org.checkerframework.errorprone.dataflow.cfg.node.LocalVariableNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.node.ThisNode;

/** Which variable code names, and what it reads. */
public final class Variables {
  private static final Set<ElementKind> LOCAL_KINDS =
      EnumSet.of(
          ElementKind.LOCAL_VARIABLE,
          ElementKind.PARAMETER,
          ElementKind.EXCEPTION_PARAMETER,
          ElementKind.RESOURCE_VARIABLE,
          ElementKind.BINDING_VARIABLE);

  private Variables() {}

  /** Whether {@code symbol} is a local variable or parameter (of any kind). */
  public static boolean isLocal(Symbol symbol) {
    return symbol instanceof VarSymbol && LOCAL_KINDS.contains(symbol.getKind());
  }

  /**
   * The variable {@code tree} names, the same one wherever it is evaluated in the enclosing code: a
   * local or parameter, a field of {@code this} ({@code g}, {@code this.g}), or a static field
   * ({@code G}, {@code Type.G}); null for anything else, such as a field of another object, whose
   * identity could change.
   */
  public static @Nullable VarSymbol variableNamed(ExpressionTree tree) {
    ExpressionTree expression = stripParentheses(tree);
    if (!(getSymbol(expression) instanceof VarSymbol variable)) {
      return null;
    }
    if (expression instanceof IdentifierTree) {
      return variable;
    }
    if (expression instanceof MemberSelectTree select && variable.getKind() == ElementKind.FIELD) {
      ExpressionTree qualifier = stripParentheses(select.getExpression());
      boolean ofThis =
          qualifier instanceof IdentifierTree identifier
              && identifier.getName().contentEquals("this");
      boolean staticOfType =
          isStatic(variable) && getSymbol(qualifier) instanceof Symbol.ClassSymbol;
      return ofThis || staticOfType ? variable : null;
    }
    return null;
  }

  /** {@link #variableNamed(ExpressionTree)} for a node of a control-flow graph. */
  public static @Nullable Symbol variableNamed(Node node) {
    if (node instanceof LocalVariableNode local) {
      return (Symbol) local.getElement();
    }
    if (node instanceof FieldAccessNode field
        && (field.getReceiver() instanceof ThisNode
            || (field.isStatic() && field.getReceiver() instanceof ClassNameNode))) {
      return (Symbol) field.getElement();
    }
    return null;
  }

  /**
   * The variable behind {@code tree} that the code may point at another object later: a local or
   * parameter, or a non-final field of {@code this}. Call chains ({@code pool.get()}) have none.
   */
  public static @Nullable VarSymbol rebindable(ExpressionTree tree) {
    VarSymbol variable = variableNamed(tree);
    if (variable == null) {
      return null;
    }
    boolean instanceField =
        variable.getKind() == ElementKind.FIELD
            && !isStatic(variable)
            && !isConsideredFinal(variable);
    return isLocal(variable) || instanceField ? variable : null;
  }

  /**
   * The locals and parameters that evaluating {@code tree} reads now; reads inside lambdas and
   * classes nested in it happen later and are left out.
   */
  public static ImmutableSet<Symbol> localsReadNow(Tree tree) {
    ImmutableSet.Builder<Symbol> locals = ImmutableSet.builder();
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        Symbol symbol = getSymbol(identifier);
        if (symbol != null && isLocal(symbol)) {
          locals.add(symbol);
        }
        return null;
      }
    }.scan(tree, null);
    return locals.build();
  }

  /** Whether code of {@code body} names {@code variable} after {@code position} in the file. */
  public static boolean usedAfter(Symbol variable, int position, @Nullable Tree body) {
    boolean[] used = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public @Nullable Void visitIdentifier(IdentifierTree identifier, Void unused) {
        used[0] |=
            variable.equals(getSymbol(identifier)) && getStartPosition(identifier) > position;
        return null;
      }
    }.scan(body, null);
    return used[0];
  }

  /**
   * Whether evaluating {@code tree} reads {@code variable} now ({@link #variableNamed} names it
   * there), not later in a lambda or class nested in it. A bound method reference reads its
   * receiver now (JLS 15.13.3).
   */
  public static boolean readsNow(Tree tree, Symbol variable) {
    boolean[] reads = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        reads[0] |= variable.equals(variableNamed(identifier));
        return null;
      }

      @Override
      public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        reads[0] |= variable.equals(variableNamed(select));
        return super.visitMemberSelect(select, null);
      }

      @Override
      public Void visitMemberReference(
          com.sun.source.tree.MemberReferenceTree reference, Void unused) {
        return scan(reference.getQualifierExpression(), null);
      }
    }.scan(tree, null);
    return reads[0];
  }

  /** Whether every local that {@code tree} reads (now or later) could be captured by a lambda. */
  public static boolean capturableByLambda(Tree tree) {
    return capturableByLambda(tree, Set.of());
  }

  /**
   * Whether a lambda wrapped around {@code tree} could capture every local that {@code tree} uses
   * from outside it: each is final or effectively final. The locals declared inside {@code tree}
   * would be the lambda's own, and may be assigned freely.
   */
  public static boolean capturableByLambdaAround(Tree tree) {
    Set<Symbol> declaredInside = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        declaredInside.add(getSymbol(variable));
        return super.visitVariable(variable, null);
      }
    }.scan(tree, null);
    return capturableByLambda(tree, declaredInside);
  }

  private static boolean capturableByLambda(Tree tree, Set<Symbol> ownLocals) {
    boolean[] capturable = {true};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        Symbol symbol = getSymbol(identifier);
        if (symbol != null
            && isLocal(symbol)
            && !ownLocals.contains(symbol)
            && !isConsideredFinal(symbol)) {
          capturable[0] = false;
        }
        return null;
      }
    }.scan(tree, null);
    return capturable[0];
  }
}
