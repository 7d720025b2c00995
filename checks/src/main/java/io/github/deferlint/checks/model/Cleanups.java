package io.github.deferlint.checks.model;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.Types;
import io.github.deferlint.checks.model.Cleanup.Kind;
import io.github.deferlint.checks.util.Functions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.lang.model.type.TypeKind;

/**
 * Which values are cleanups, for {@link DeferApi#cleanup}: what the scopes of the known APIs take
 * as an action or a resource, and the JDK's own {@code Runnable} and {@code AutoCloseable}; and how
 * a scope registers one, for {@link DeferApi#registering}.
 */
final class Cleanups {
  private static final String RUNNABLE = "java.lang.Runnable";
  private static final String AUTO_CLOSEABLE = "java.lang.AutoCloseable";

  private final ImmutableList<ApiProfile> profiles;

  Cleanups(ImmutableList<ApiProfile> profiles) {
    this.profiles = profiles;
  }

  /**
   * What a value of {@code type} is as a cleanup. An action: a subtype of an action type some scope
   * takes in a defer method ({@code Deferred}, {@code Deferred1}...), or of {@code Runnable}; where
   * that type is the JDK's, only a functional interface counts, so that a {@code Thread} or a
   * {@code FutureTask} is no action. A resource: a subtype of {@code AutoCloseable} or of a type
   * some scope takes in a closing method.
   */
  Optional<Cleanup> of(Type type, VisitorState state) {
    if (type == null || type.isPrimitiveOrVoid() || type.getKind() == TypeKind.NULL) {
      return Optional.empty();
    }
    Types types = state.getTypes();
    Type erased = types.erasure(type);
    boolean functional = types.isFunctionalInterface(erased);
    for (Type action : parameterTypes(ApiProfile::deferMethods, RUNNABLE, state)) {
      boolean jdkType = action.tsym.getQualifiedName().toString().startsWith("java.");
      if (types.isSubtype(erased, action) && (functional || !jdkType)) {
        return Optional.of(new Cleanup(Kind.ACTION, type));
      }
    }
    for (Type resource : parameterTypes(ApiProfile::closingMethods, AUTO_CLOSEABLE, state)) {
      if (types.isSubtype(erased, resource)) {
        return Optional.of(new Cleanup(Kind.RESOURCE, type));
      }
    }
    return Optional.empty();
  }

  /**
   * How a scope of {@code scopeType} registers {@code cleanup}: a one-argument registration method
   * that takes the value as it is ({@code defer(action)}, {@code closing(resource)}), or else one
   * that takes a method reference to the value's own method ({@code defer(runnable::run)}), where
   * that reference throws no checked exception the registration's type does not allow. Methods of
   * the cleanup's kind come first.
   */
  Optional<Cleanup.Registering> registering(Cleanup cleanup, Type scopeType, VisitorState state) {
    Optional<ApiProfile> profile =
        profiles.stream()
            .filter(p -> DeferApi.isOneOf(scopeType, p.scopeTypes(), state))
            .findFirst();
    if (profile.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = new ArrayList<>();
    if (cleanup.kind() == Kind.ACTION) {
      names.addAll(profile.get().deferMethods());
      names.addAll(profile.get().closingMethods());
    } else {
      names.addAll(profile.get().closingMethods());
      names.addAll(profile.get().deferMethods());
    }
    Types types = state.getTypes();
    Optional<Cleanup.Registering> byReference = Optional.empty();
    for (String name : names) {
      for (MethodSymbol method : oneArgumentMethods(scopeType, name, state)) {
        Type taken = upperBound(method.getParameters().get(0).type, types);
        if (types.isAssignable(cleanup.type(), taken)) {
          return Optional.of(new Cleanup.Registering(name, ""));
        }
        if (byReference.isEmpty()) {
          byReference =
              referenceTo(cleanup.type(), taken, state)
                  .map(runs -> new Cleanup.Registering(name, "::" + runs));
        }
      }
    }
    return byReference;
  }

  /**
   * The name of the method of {@code value} that {@code value::name} refers to when given where
   * {@code taken} is expected: both take no argument, and the value's method throws no checked
   * exception that {@code taken}'s does not.
   */
  private static Optional<String> referenceTo(Type value, Type taken, VisitorState state) {
    Types types = state.getTypes();
    if (!types.isFunctionalInterface(taken) || !types.isFunctionalInterface(value)) {
      return Optional.empty();
    }
    MethodSymbol runs = Functions.functionalMethod(value, state);
    Type target;
    try {
      target = types.findDescriptorType(taken);
    } catch (Types.FunctionDescriptorLookupError e) {
      return Optional.empty();
    }
    if (runs == null || !runs.getParameters().isEmpty() || !target.getParameterTypes().isEmpty()) {
      return Optional.empty();
    }
    for (Type thrown : types.memberType(value, runs).getThrownTypes()) {
      boolean unchecked =
          types.isSubtype(thrown, state.getSymtab().runtimeExceptionType)
              || types.isSubtype(thrown, state.getSymtab().errorType);
      if (!unchecked
          && target.getThrownTypes().stream().noneMatch(t -> types.isSubtype(thrown, t))) {
        return Optional.empty();
      }
    }
    return Optional.of(runs.getSimpleName().toString());
  }

  /**
   * The erased first parameter types of the scope methods {@code names} picks (their bound, for a
   * type variable such as {@code closing}'s {@code C extends AutoCloseable}), and {@code jdkType}.
   */
  private ImmutableSet<Type> parameterTypes(
      Function<ApiProfile, ImmutableSet<String>> names, String jdkType, VisitorState state) {
    Types types = state.getTypes();
    ImmutableSet.Builder<Type> taken = ImmutableSet.builder();
    for (ApiProfile profile : profiles) {
      for (String scopeTypeName : profile.scopeTypes()) {
        Type scopeType = state.getTypeFromString(scopeTypeName);
        if (scopeType == null) {
          continue;
        }
        for (String name : names.apply(profile)) {
          for (MethodSymbol method : methodsNamed(scopeType, name, state)) {
            if (!method.getParameters().isEmpty()) {
              taken.add(types.erasure(upperBound(method.getParameters().get(0).type, types)));
            }
          }
        }
      }
    }
    Type jdk = state.getTypeFromString(jdkType);
    if (jdk != null) {
      taken.add(jdk);
    }
    return taken.build();
  }

  private static List<MethodSymbol> oneArgumentMethods(
      Type scopeType, String name, VisitorState state) {
    return methodsNamed(scopeType, name, state).stream()
        .filter(method -> method.getParameters().size() == 1)
        .toList();
  }

  private static List<MethodSymbol> methodsNamed(Type scopeType, String name, VisitorState state) {
    List<MethodSymbol> methods = new ArrayList<>();
    for (Symbol member :
        state
            .getTypes()
            .membersClosure(state.getTypes().erasure(scopeType), false)
            .getSymbolsByName(state.getName(name))) {
      if (member instanceof MethodSymbol method && !method.isStatic()) {
        methods.add(method);
      }
    }
    return methods;
  }

  private static Type upperBound(Type type, Types types) {
    return type instanceof Type.TypeVar variable ? types.erasure(variable.getUpperBound()) : type;
  }
}
