package io.github.deferlint.checks.util;

import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.getType;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.Types;
import com.sun.tools.javac.tree.JCTree.JCMemberReference;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Facts of the Java language about functions written inline: lambdas, method references and
 * anonymous class instances of functional interfaces.
 */
public final class Functions {
  private Functions() {}

  /**
   * Whether {@code tree} is a function written inline: a lambda, a method reference, or a class.
   */
  public static boolean isInline(ExpressionTree tree) {
    ExpressionTree expression = stripParentheses(tree);
    return expression instanceof LambdaExpressionTree
        || expression instanceof MemberReferenceTree
        || (expression instanceof NewClassTree creation && creation.getClassBody() != null);
  }

  /** The functional interface {@code function} implements, or null. */
  public static @Nullable Type functionalInterface(ExpressionTree function, VisitorState state) {
    if (function instanceof LambdaExpressionTree || function instanceof MemberReferenceTree) {
      // javac gave it its target type, a functional interface: asking again works out the
      // descriptor with the type arguments applied, which is most of what this costs.
      Type type = getType(function);
      return type == null || type.isErroneous() ? null : type;
    }
    Type type =
        function instanceof NewClassTree creation
            ? getType(creation.getIdentifier())
            : getType(function);
    return type != null && state.getTypes().isFunctionalInterface(type) ? type : null;
  }

  /**
   * The method of the functional interface that {@code function} implements; null when it
   * implements none. It does not depend on the interface's type arguments, and javac caches it.
   */
  public static @Nullable MethodSymbol functionalMethod(
      ExpressionTree function, VisitorState state) {
    Type type = functionalInterface(function, state);
    return type == null ? null : functionalMethod(type, state);
  }

  /** The single abstract method of functional interface {@code type}, or null. */
  public static @Nullable MethodSymbol functionalMethod(Type type, VisitorState state) {
    Symbol method = state.getTypes().findDescriptorSymbol(type.tsym);
    return method instanceof MethodSymbol functional ? functional : null;
  }

  /**
   * The type of the method that {@code function} implements, with the functional interface's type
   * arguments applied ({@code (Scope)void} for a {@code Consumer<Scope>}); null when it implements
   * none.
   */
  public static @Nullable Type descriptorType(ExpressionTree function, VisitorState state) {
    Type type = functionalInterface(function, state);
    if (type == null) {
      return null;
    }
    try {
      return state.getTypes().findDescriptorType(type);
    } catch (Types.FunctionDescriptorLookupError e) {
      return null; // A wildcard parameterization with no function type (JLS 9.9).
    }
  }

  /**
   * The anonymous class instance whose functional method is {@code method} (at {@code methodPath}):
   * the path of {@code new Deferred() { public void run() {...} }} when {@code method} is its
   * {@code run}. Such an instance is a function written inline, as a lambda is; its other methods
   * are not.
   */
  public static Optional<TreePath> anonymousFunction(TreePath methodPath, VisitorState state) {
    TreePath classPath = methodPath.getParentPath();
    TreePath creationPath = classPath == null ? null : classPath.getParentPath();
    if (!(methodPath.getLeaf() instanceof MethodTree)
        || creationPath == null
        || !(creationPath.getLeaf() instanceof NewClassTree creation)
        || creation.getClassBody() != classPath.getLeaf()
        || !(getSymbol(methodPath.getLeaf()) instanceof MethodSymbol method)) {
      return Optional.empty();
    }
    MethodSymbol functional = functionalMethod(creation, state);
    return functional != null
            && method.overrides(functional, method.enclClass(), state.getTypes(), true)
        ? Optional.of(creationPath)
        : Optional.empty();
  }

  /**
   * The receiver a bound method reference evaluates (and null-checks) where it is written, JLS
   * 15.13.3: {@code x} in {@code x::close}. Empty for {@code Type::method} and constructor
   * references, which bind nothing.
   */
  public static Optional<ExpressionTree> boundReceiver(ExpressionTree function) {
    if (!(stripParentheses(function) instanceof MemberReferenceTree reference)
        || reference.getMode() != MemberReferenceTree.ReferenceMode.INVOKE) {
      return Optional.empty();
    }
    ExpressionTree qualifier = stripParentheses(reference.getQualifierExpression());
    Symbol symbol = getSymbol(qualifier);
    if (symbol == null || symbol.getKind().isClass() || symbol.getKind().isInterface()) {
      return Optional.empty();
    }
    return Optional.of(qualifier);
  }

  /** Whether {@code reference} is {@code Type::instanceMethod}, taking the receiver first. */
  public static boolean isUnbound(MemberReferenceTree reference) {
    return ((JCMemberReference) reference).kind == JCMemberReference.ReferenceKind.UNBOUND;
  }
}
