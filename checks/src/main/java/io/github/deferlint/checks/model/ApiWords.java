package io.github.deferlint.checks.model;

import static com.google.errorprone.util.ASTHelpers.getEnclosedElements;
import static com.google.errorprone.util.ASTHelpers.isStatic;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.Types;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How the users of one deferral API spell it, for messages and fixes: a user of a custom API reads
 * its own method names, never {@code Defer.run}. Each word is empty where the API has none.
 *
 * @param scopeType the scope type's simple name ({@code Scope}, {@code Closer})
 * @param scopeTypeName the scope type's qualified name, for fixes that declare one
 * @param defer the method that defers an action ({@code defer})
 * @param closing the method that registers a resource ({@code closing}, {@code register})
 * @param recover the method that recovers ({@code recover})
 * @param runOpener the static method that runs a block with a fresh scope ({@code Defer.run})
 * @param namedOpener the static method that runs a block with a fresh scope and a named result
 *     ({@code Defer.named})
 * @param factory the static method that returns a fresh scope to close at the end of a {@code try}
 *     ({@code Closer.create})
 */
public record ApiWords(
    String scopeType,
    String scopeTypeName,
    Optional<String> defer,
    Optional<String> closing,
    Optional<String> recover,
    Optional<StaticMethod> runOpener,
    Optional<StaticMethod> namedOpener,
    Optional<StaticMethod> factory) {

  /**
   * A static method of the API.
   *
   * @param owner the qualified name of its class, for {@code SuggestedFixes.qualifyType}
   * @param simpleOwner its class's simple name, for messages
   * @param name the method's name
   * @param rethrows for an opener, whether its body may throw any checked exception, which the
   *     opener rethrows ({@code ScopeBody<X extends Throwable>}); false for a {@code Consumer}
   */
  public record StaticMethod(String owner, String simpleOwner, String name, boolean rethrows) {
    @Override
    public String toString() {
      return simpleOwner + "." + name;
    }
  }

  static ApiWords of(Type scopeType, Optional<ApiProfile> profile, VisitorState state) {
    Types types = state.getTypes();
    Type erased = types.erasure(scopeType);
    String simple = erased.tsym.getSimpleName().toString();
    String qualified = erased.tsym.getQualifiedName().toString();
    if (profile.isEmpty()) {
      return new ApiWords(
          simple,
          qualified,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }
    ApiProfile api = profile.get();
    return new ApiWords(
        simple,
        qualified,
        member(erased, api.deferMethods(), state),
        member(erased, api.closingMethods(), state),
        member(erased, api.recoverMethods(), state),
        opener(erased, api, 1, state),
        opener(erased, api, 2, state),
        factory(erased, api, state));
  }

  /** How code opens a scope of its own in this API. */
  public enum Opening {
    /** By the run opener, around a lambda: {@code Defer.run(it -> { ... })}. */
    LAMBDA,
    /**
     * By the factory, in a try-with-resources: {@code try (Closer it = Closer.create()) { ... }}.
     */
    TRY
  }

  /**
   * How to open a scope per iteration: like the one the loop registers on, a try for a scope held
   * in a try, else whichever form the API has.
   */
  public Optional<Opening> perIterationOpening(boolean heldInTry) {
    if (factory.isPresent() && (heldInTry || runOpener.isEmpty())) {
      return Optional.of(Opening.TRY);
    }
    return runOpener.map(opener -> Opening.LAMBDA);
  }

  /** {@code Defer.run(it -> { ... })} or {@code try (Closer it = Closer.create()) { ... }}. */
  public String perIterationScope(Opening opening) {
    return opening == Opening.LAMBDA
        ? "`" + runOpener.get() + "(it -> { ... })`"
        : "`try (" + scopeType + " it = " + factory.get() + "()) { ... }`";
  }

  /** {@code scope.defer(() -> { Throwable t = scope.recover(); if (t != null) { ... } })}. */
  public String recoveringAction(String scope) {
    String defer = this.defer.orElse("defer");
    String recover = this.recover.orElse("recover");
    return String.format(
        "`%s.%s(() -> { Throwable t = %s.%s(); if (t != null) { ... } })`",
        scope, defer, scope, recover);
  }

  /** {@code scope.closing(...)}, {@code closer.register(...)}, or else {@code scope.defer(...)}. */
  public String registerEach(String scope) {
    return "`" + scope + "." + closing.or(() -> defer).orElse("defer") + "(...)`";
  }

  private static Optional<String> member(
      Type scopeType, ImmutableSet<String> names, VisitorState state) {
    for (String name : names) {
      for (Symbol member :
          state.getTypes().membersClosure(scopeType, false).getSymbolsByName(state.getName(name))) {
        if (member instanceof MethodSymbol && !isStatic(member)) {
          return Optional.of(name);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A public static method of the API's opener types taking one function whose parameters are the
   * scope and, for {@code parameters} 2, a named result: {@code Defer.run} for 1, {@code
   * Defer.named} for 2. Among several, the one named {@code run} or {@code named} is preferred.
   */
  private static Optional<StaticMethod> opener(
      Type scopeType, ApiProfile api, int parameters, VisitorState state) {
    String preferred = parameters == 1 ? "run" : "named";
    Optional<StaticMethod> found = Optional.empty();
    for (String owner : api.openerTypes()) {
      Symbol type = state.getSymbolFromString(owner);
      if (!(type instanceof ClassSymbol openerType)) {
        continue;
      }
      for (Symbol member : getEnclosedElements(openerType)) {
        if (!(member instanceof MethodSymbol method)
            || !method.isStatic()
            || !method.getModifiers().contains(Modifier.PUBLIC)) {
          continue;
        }
        Type descriptor = bodyDescriptor(method, state);
        if (descriptor != null
            && takesScopeBody(method, descriptor, scopeType, api, parameters, state)) {
          StaticMethod candidate =
              new StaticMethod(
                  owner,
                  openerType.getSimpleName().toString(),
                  method.getSimpleName().toString(),
                  rethrows(descriptor));
          if (candidate.name().equals(preferred)) {
            return Optional.of(candidate);
          }
          found = found.or(() -> Optional.of(candidate));
        }
      }
    }
    return found;
  }

  /** Whether {@code method}, whose body has function type {@code descriptor}, takes a body. */
  private static boolean takesScopeBody(
      MethodSymbol method,
      Type descriptor,
      Type scopeType,
      ApiProfile api,
      int parameters,
      VisitorState state) {
    if (descriptor.getParameterTypes().size() != parameters) {
      return false;
    }
    Types types = state.getTypes();
    boolean scopeFirst =
        types.isSameType(types.erasure(descriptor.getParameterTypes().get(0)), scopeType);
    boolean voidBody = descriptor.getReturnType().getKind() == TypeKind.VOID;
    if (parameters == 1) {
      return method.getParameters().size() == 1 && scopeFirst && voidBody;
    }
    return scopeFirst
        && !voidBody
        && DeferApi.isOneOf(descriptor.getParameterTypes().get(1), api.resultTypes(), state);
  }

  /**
   * The function type of the last parameter of {@code method}, the body it runs ({@code (Scope)void
   * throws X} for {@code ScopeBody<X>}); null when that is no functional interface.
   */
  private static @Nullable Type bodyDescriptor(MethodSymbol method, VisitorState state) {
    if (method.getParameters().isEmpty()) {
      return null;
    }
    Type body = method.getParameters().last().type;
    if (!state.getTypes().isFunctionalInterface(body)) {
      return null;
    }
    try {
      return state.getTypes().findDescriptorType(body);
    } catch (Types.FunctionDescriptorLookupError e) {
      return null;
    }
  }

  /**
   * Whether the body of an opener, of function type {@code descriptor}, may throw what its type
   * variable says: the opener rethrows it.
   */
  private static boolean rethrows(Type descriptor) {
    return descriptor.getThrownTypes().stream()
        .anyMatch(thrown -> thrown.getKind() == TypeKind.TYPEVAR);
  }

  /** A factory of the API that returns exactly {@code scopeType}: {@code Closer.create}. */
  private static Optional<StaticMethod> factory(
      Type scopeType, ApiProfile api, VisitorState state) {
    for (String factory : api.factories()) {
      int dot = factory.lastIndexOf('.');
      Symbol type = dot < 0 ? null : state.getSymbolFromString(factory.substring(0, dot));
      if (!(type instanceof ClassSymbol owner)) {
        continue;
      }
      String name = factory.substring(dot + 1);
      for (Symbol member : getEnclosedElements(owner)) {
        if (member instanceof MethodSymbol method
            && method.isStatic()
            && method.getSimpleName().contentEquals(name)
            && method.getParameters().isEmpty()
            && state.getTypes().isSameType(method.getReturnType(), scopeType)) {
          return Optional.of(
              new StaticMethod(
                  owner.getQualifiedName().toString(),
                  owner.getSimpleName().toString(),
                  name,
                  false));
        }
      }
    }
    return Optional.empty();
  }
}
