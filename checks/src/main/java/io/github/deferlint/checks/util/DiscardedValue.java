package io.github.deferlint.checks.util;

import static com.google.errorprone.util.ASTHelpers.getReceiverType;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.getThrownExceptions;
import static com.google.errorprone.util.ASTHelpers.getType;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.Types;
import com.sun.tools.javac.tree.JCTree.JCMemberReference;
import java.util.List;
import java.util.Optional;
import javax.lang.model.type.TypeKind;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A value that a function written inline computes and throws away: an expression lambda or a method
 * reference whose function type returns void may still call a method that returns a value (JLS
 * 15.27.3, 15.13.2), and that value is discarded.
 *
 * @param site the call whose value is discarded: the lambda's body, or the method reference
 * @param type the discarded value's type
 * @param method the method (or constructor) called
 * @param receiver the type of the object the method is called on; null for a static method or a
 *     constructor
 * @param thrown the exceptions the call may throw
 */
public record DiscardedValue(
    ExpressionTree site,
    Type type,
    MethodSymbol method,
    @Nullable Type receiver,
    List<Type> thrown) {

  /** The value {@code function} discards, if it is a void function that discards one. */
  public static Optional<DiscardedValue> of(ExpressionTree function, VisitorState state) {
    ExpressionTree expression = stripParentheses(function);
    Type descriptor = Functions.descriptorType(expression, state);
    if (descriptor == null || descriptor.getReturnType().getKind() != TypeKind.VOID) {
      return Optional.empty();
    }
    if (expression instanceof LambdaExpressionTree lambda
        && lambda.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION) {
      ExpressionTree body = stripParentheses((ExpressionTree) lambda.getBody());
      if (body instanceof MethodInvocationTree call && getSymbol(call) != null) {
        MethodSymbol method = getSymbol(call);
        return discarded(
            call,
            getType(call),
            method,
            method.isStatic() ? null : getReceiverType(call),
            getThrownExceptions(call, state).asList());
      } else if (body instanceof NewClassTree creation && getSymbol(creation) != null) {
        return discarded(
            creation,
            getType(creation),
            getSymbol(creation),
            null,
            getThrownExceptions(creation, state).asList());
      }
    } else if (expression instanceof MemberReferenceTree reference
        && getSymbol(reference) != null) {
      MethodSymbol method = getSymbol(reference);
      Type referent = ((JCMemberReference) reference).referentType;
      return discarded(
          reference,
          reference.getMode() == MemberReferenceTree.ReferenceMode.NEW
              ? getType(reference.getQualifierExpression())
              : referent == null ? null : referent.getReturnType(),
          method,
          referenceReceiver(reference, method, descriptor),
          referent == null ? method.getThrownTypes() : referent.getThrownTypes());
    }
    return Optional.empty();
  }

  /** The value discarded, where the call has a type that is not void. */
  private static Optional<DiscardedValue> discarded(
      ExpressionTree site,
      @Nullable Type type,
      MethodSymbol method,
      @Nullable Type receiver,
      List<Type> thrown) {
    return type == null || type.getKind() == TypeKind.VOID
        ? Optional.empty()
        : Optional.of(new DiscardedValue(site, type, method, receiver, thrown));
  }

  /** The receiver of {@code x::m} (x's type), or of {@code Type::m} (the first parameter's). */
  private static @Nullable Type referenceReceiver(
      MemberReferenceTree reference, MethodSymbol method, Type descriptor) {
    if (method.isStatic() || method.isConstructor()) {
      return null;
    }
    Optional<ExpressionTree> bound = Functions.boundReceiver(reference);
    if (bound.isPresent()) {
      return getType(bound.get());
    }
    return descriptor.getParameterTypes().isEmpty() ? null : descriptor.getParameterTypes().get(0);
  }

  /**
   * Whether the method returns something it was handed or holds, of a type it does not know: its
   * declared return type is a type variable ({@code Map.remove}, {@code Supplier.get}, {@code
   * closing}). Such a value is no new cleanup made by the call.
   */
  public boolean passesThrough() {
    return !method.isConstructor() && method.getReturnType() instanceof Type.TypeVar;
  }

  /**
   * Whether the value may be the object the method was called on: fluent calls return it ({@code
   * out.printf(...)}, {@code writer.append(...)}), as far as the types tell, since the receiver's
   * type is a subtype of what the method returns. That object is the caller's already.
   */
  public boolean mayBeReceiver(VisitorState state) {
    Types types = state.getTypes();
    return receiver != null && types.isSubtype(types.erasure(receiver), types.erasure(type));
  }
}
