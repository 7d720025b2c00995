package io.github.deferlint.checks.fix;

import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.getType;
import static com.google.errorprone.util.ASTHelpers.isStatic;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.FindIdentifiers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.tools.javac.code.Kinds.KindSelector;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.TypeSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.TypeTag;
import com.sun.tools.javac.code.Types;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The call a registered action makes with the registration's values, written out: what {@code
 * scope.defer(fn, values...)} calls when the scope ends, for fixes that make that call elsewhere.
 */
public final class DirectCall {
  private DirectCall() {}

  /**
   * The call that {@code action} applied to {@code values} makes, as source text: {@code
   * fn.run(values)} for a local {@code fn}, {@code qualifier.method(values)} for a method
   * reference, {@code first.method(rest)} for {@code Type::instanceMethod}; empty for other
   * actions.
   */
  public static Optional<String> source(
      ExpressionTree action, List<? extends ExpressionTree> values, VisitorState state) {
    List<String> sources = values.stream().map(state::getSourceForNode).toList();
    if (action instanceof IdentifierTree && Variables.isLocal(getSymbol(action))) {
      // A local holding the action: call its functional method, whatever the API names it.
      Type type = getType(action);
      MethodSymbol functional = type == null ? null : Functions.functionalMethod(type, state);
      return Optional.ofNullable(functional)
          .map(
              method ->
                  state.getSourceForNode(action)
                      + "."
                      + method.getSimpleName()
                      + "("
                      + String.join(", ", sources)
                      + ")");
    }
    if (!(action instanceof MemberReferenceTree reference)
        || reference.getMode() != MemberReferenceTree.ReferenceMode.INVOKE
        || reference.getTypeArguments() != null) {
      return Optional.empty();
    }
    MethodSymbol method = getSymbol(reference);
    if (method == null) {
      return Optional.empty();
    }
    String qualifier = state.getSourceForNode(reference.getQualifierExpression());
    String name = reference.getName().toString();
    boolean typeQualified = Functions.boundReceiver(reference).isEmpty();
    if (typeQualified && !isStatic(method)) {
      // Type::instanceMethod: the first value is the receiver.
      if (sources.isEmpty()) {
        return Optional.empty();
      }
      String receiver =
          values.get(0) instanceof IdentifierTree ? sources.get(0) : "(" + sources.get(0) + ")";
      return arguments(method, reference, values.subList(1, values.size()), state)
          .map(arguments -> receiver + "." + name + "(" + arguments + ")");
    }
    return arguments(method, reference, values, state)
        .map(arguments -> qualifier + "." + name + "(" + arguments + ")");
  }

  /**
   * {@code values} written as the arguments of a call of {@code method}, the method {@code
   * reference} resolved to. Where another method of that name could take a value's own type instead
   * ({@code record(long)} beside {@code record(Object)}, which a {@code Long} value reaches), the
   * value is cast to the parameter's type so that the call stays with {@code method}; empty where
   * that type cannot be written simply, or a variable arity would decide.
   */
  private static Optional<String> arguments(
      MethodSymbol method,
      MemberReferenceTree reference,
      List<? extends ExpressionTree> values,
      VisitorState state) {
    List<String> sources = values.stream().map(state::getSourceForNode).toList();
    Type site = getType(reference.getQualifierExpression());
    if (site == null || !overloaded(method, site, state)) {
      return Optional.of(String.join(", ", sources));
    }
    List<Type> parameters = state.getTypes().memberType(site, method).getParameterTypes();
    if (method.isVarArgs() || parameters.size() != values.size()) {
      return Optional.empty();
    }
    List<String> arguments = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      Type value = getType(values.get(i));
      Type parameter = parameters.get(i);
      if (value != null && state.getTypes().isSameType(value, parameter)) {
        arguments.add(sources.get(i));
        continue;
      }
      Optional<String> cast = castTo(parameter, state);
      if (cast.isEmpty()) {
        return Optional.empty();
      }
      arguments.add(cast.get() + " (" + sources.get(i) + ")");
    }
    return Optional.of(String.join(", ", arguments));
  }

  /** Whether {@code site} has a method of {@code method}'s name other than it and its overrides. */
  private static boolean overloaded(MethodSymbol method, Type site, VisitorState state) {
    Types types = state.getTypes();
    for (Symbol other : types.membersClosure(site, false).getSymbolsByName(method.name)) {
      if (other != method
          && other instanceof MethodSymbol candidate
          && !method.overrides(candidate, (TypeSymbol) method.owner, types, true)
          && !candidate.overrides(method, (TypeSymbol) candidate.owner, types, true)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A cast to {@code type} as source text: a primitive, or a class that is not generic, by its
   * simple name where that names it here and by its canonical name otherwise.
   */
  private static Optional<String> castTo(Type type, VisitorState state) {
    if (type.isPrimitive()) {
      return Optional.of("(" + type + ")");
    }
    if (!(type.tsym instanceof ClassSymbol owner)
        || type.getTag() != TypeTag.CLASS
        || !owner.type.getTypeArguments().isEmpty()
        || owner.isDirectlyOrIndirectlyLocal()
        || owner.isAnonymous()) {
      return Optional.empty();
    }
    String simple = owner.getSimpleName().toString();
    Symbol named = FindIdentifiers.findIdent(simple, state, KindSelector.TYP);
    return Optional.of("(" + (owner.equals(named) ? simple : owner.getQualifiedName()) + ")");
  }
}
