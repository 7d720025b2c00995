package io.github.deferlint.checks.model;

import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isStatic;
import static com.google.errorprone.util.ASTHelpers.isSubtype;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.TypeTag;
import com.sun.tools.javac.util.Context;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.Sources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.lang.model.type.TypeKind;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the checks know about deferral APIs: which calls open a scope, which register a deferred
 * action, which recover, which type is a named result, which variable a scope lives in, and how the
 * API's users spell all of it. Every check asks this one model; none matches an API by itself.
 *
 * <p>The model describes {@code io.github.deferlint.defer}, Guava's {@code Closer} when it is on
 * the class path, and, through {@code -XepOpt:Deferlint:...} flags ({@link Flags}), any other API
 * of the same shape.
 */
public final class DeferApi {

  /** How a registration treats its first argument. */
  public enum RegistrationKind {
    /** {@code defer(action, values...)}: the action runs later, the values are evaluated now. */
    DEFER,
    /** {@code closing(resource)}: registers {@code resource.close()}; capture is its purpose. */
    CLOSING
  }

  private static final Context.Key<Map<List<ApiProfile>, Map<Symbol, ApiWords>>> WORDS =
      new Context.Key<>();
  private static final Context.Key<Map<List<ApiProfile>, Map<Symbol, Roles>>> ROLES =
      new Context.Key<>();

  private final ImmutableList<ApiProfile> profiles;
  private final ImmutableSet<String> methodNames;
  private final ImmutableSet<String> registrationNames;
  private final ScopeResolution scopes = new ScopeResolution(this);
  private final Cleanups cleanups;
  private final PerCompilation<Roles> roles = new PerCompilation<>(ROLES);
  private final PerCompilation<ApiWords> words = new PerCompilation<>(WORDS);

  private DeferApi(ImmutableList<ApiProfile> profiles) {
    this.profiles = profiles;
    this.cleanups = new Cleanups(profiles);
    this.methodNames =
        profiles.stream()
            .flatMap(profile -> profile.methodNames().stream())
            .collect(ImmutableSet.toImmutableSet());
    this.registrationNames =
        profiles.stream()
            .flatMap(
                profile ->
                    Stream.concat(
                        profile.deferMethods().stream(), profile.closingMethods().stream()))
            .collect(ImmutableSet.toImmutableSet());
  }

  /**
   * The model of {@code io.github.deferlint.defer} and Guava's {@code Closer}, plus the APIs named
   * by the flags, each a comma-separated list added to the defaults (see {@link ApiProfile}).
   */
  public static DeferApi fromFlags(ErrorProneFlags flags) {
    return new DeferApi(ImmutableList.of(ApiProfile.deferlint(flags), ApiProfile.GUAVA_CLOSER));
  }

  // ---------------------------------------------------------------------------------------------
  // Calls

  /** The registration {@code call} is, if it registers on a scope. */
  public Optional<Registration> registration(MethodInvocationTree call, VisitorState state) {
    MethodSymbol method = getSymbol(call);
    if (method == null
        || call.getArguments().isEmpty()
        || !methodNames.contains(method.getSimpleName().toString())) {
      return Optional.empty();
    }
    String name = method.getSimpleName().toString();
    for (ApiProfile profile : profiles) {
      if (!isScopeMember(method, profile, state)) {
        continue;
      }
      if (profile.deferMethods().contains(name)) {
        return Optional.of(new Registration(call, getReceiver(call), RegistrationKind.DEFER));
      }
      if (profile.closingMethods().contains(name)) {
        // A function written inline is an action, not a resource: register(() -> ...) defers it,
        // and register(in::close) binds `in` now, as defer(in::close) does.
        RegistrationKind kind =
            Functions.isInline(call.getArguments().get(0))
                ? RegistrationKind.DEFER
                : RegistrationKind.CLOSING;
        return Optional.of(new Registration(call, getReceiver(call), kind));
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code call} may register on a scope, by the name of the method it calls alone: false
   * means {@link #registration} is empty, and no symbol was looked at to say so.
   */
  public boolean mayRegister(MethodInvocationTree call) {
    return !call.getArguments().isEmpty() && registrationNames.contains(Sources.calledName(call));
  }

  /**
   * The registration {@code call} is, if it defers an action ({@code defer(action)}, {@code
   * register(() -> ...)}) rather than a resource to close.
   */
  public Optional<Registration> deferral(MethodInvocationTree call, VisitorState state) {
    return registration(call, state)
        .filter(registration -> registration.kind() == RegistrationKind.DEFER);
  }

  /** The kind of registration {@code call} is, if it registers on a scope. */
  public Optional<RegistrationKind> registrationKind(
      MethodInvocationTree call, VisitorState state) {
    return registration(call, state).map(Registration::kind);
  }

  /** Whether {@code call} registers a deferred action or resource on a scope. */
  public boolean isRegistration(MethodInvocationTree call, VisitorState state) {
    return registration(call, state).isPresent();
  }

  /**
   * The kind of registration that a method reference makes each time it is called, when it refers
   * to a registration method of a scope: {@code scope::closing} given to {@code forEach}.
   */
  public Optional<RegistrationKind> registrationKind(
      MemberReferenceTree reference, VisitorState state) {
    return methodOfProfile(getSymbol(reference), ApiProfile::deferMethods, state)
        .map(unused -> RegistrationKind.DEFER)
        .or(
            () ->
                methodOfProfile(getSymbol(reference), ApiProfile::closingMethods, state)
                    .map(unused -> RegistrationKind.CLOSING));
  }

  /**
   * Whether {@code method} is a method of a scope that registers ({@code defer}, {@code closing}).
   */
  public boolean isRegistrationMethod(Symbol method, VisitorState state) {
    return methodOfProfile(method, ApiProfile::deferMethods, state).isPresent()
        || methodOfProfile(method, ApiProfile::closingMethods, state).isPresent();
  }

  /** Whether {@code call} is Go's {@code recover()} on a scope. */
  public boolean isRecover(MethodInvocationTree call, VisitorState state) {
    return isRecoverMethod(getSymbol(call), state);
  }

  /** Whether {@code symbol} is the recover method of a scope type ({@code scope::recover}). */
  public boolean isRecoverMethod(Symbol symbol, VisitorState state) {
    return symbol instanceof MethodSymbol method
        && method.getParameters().isEmpty()
        && methodOfProfile(method, ApiProfile::recoverMethods, state).isPresent();
  }

  private Optional<ApiProfile> methodOfProfile(
      Symbol symbol, Function<ApiProfile, ImmutableSet<String>> names, VisitorState state) {
    if (!(symbol instanceof MethodSymbol method)
        || !methodNames.contains(method.getSimpleName().toString())) {
      return Optional.empty();
    }
    return profiles.stream()
        .filter(profile -> names.apply(profile).contains(method.getSimpleName().toString()))
        .filter(profile -> isScopeMember(method, profile, state))
        .findFirst();
  }

  /** Whether {@code call} opens a scope: a static method of an opener type ({@code Defer.run}). */
  public boolean isOpener(MethodInvocationTree call, VisitorState state) {
    MethodSymbol method = getSymbol(call);
    return isStatic(method) && !roles(method.owner.type, state).openerOf().isEmpty();
  }

  /**
   * The body an opener runs with a fresh scope, when it is written inline: the lambda (or method
   * reference) argument whose first parameter is a scope.
   */
  public Optional<ExpressionTree> scopeBody(MethodInvocationTree opener, VisitorState state) {
    if (!isOpener(opener, state)) {
      return Optional.empty();
    }
    return opener.getArguments().stream()
        .filter(arg -> arg instanceof LambdaExpressionTree || arg instanceof MemberReferenceTree)
        .filter(arg -> firstParameterIsScope(arg, state))
        .map(arg -> (ExpressionTree) arg)
        .findFirst();
  }

  /**
   * The opener that runs {@code function} (at {@code functionPath}) as the body of a fresh scope:
   * {@code function} is a lambda, method reference or anonymous class given to the opener, whose
   * first parameter is the scope.
   */
  public Optional<MethodInvocationTree> openerOfBody(
      Tree function, TreePath functionPath, VisitorState state) {
    TreePath parent = functionPath.getParentPath();
    if (parent == null
        || !(parent.getLeaf() instanceof MethodInvocationTree call)
        || !call.getArguments().contains(function)
        || !isOpener(call, state)) {
      return Optional.empty();
    }
    return firstParameterIsScope((ExpressionTree) function, state)
        ? Optional.of(call)
        : Optional.empty();
  }

  /**
   * Whether the first parameter of the function {@code function} implements is a scope, with the
   * interface's type arguments applied: a {@code Consumer<Scope>} takes one.
   */
  private boolean firstParameterIsScope(ExpressionTree function, VisitorState state) {
    if (function instanceof LambdaExpressionTree lambda) {
      // The parameters' types are the descriptor's, already worked out by javac.
      VarSymbol first =
          lambda.getParameters().isEmpty() ? null : getSymbol(lambda.getParameters().get(0));
      return first != null && isScopeType(first.type, state);
    }
    Type descriptor = Functions.descriptorType(function, state);
    return descriptor != null
        && !descriptor.getParameterTypes().isEmpty()
        && isScopeType(descriptor.getParameterTypes().get(0), state);
  }

  /** The inline scope body that the leaf of {@code bodyPath} is, if it is one. */
  public Optional<InlineBody> inlineBody(TreePath bodyPath, VisitorState state) {
    if (!(bodyPath.getLeaf() instanceof LambdaExpressionTree lambda)
        || lambda.getParameters().isEmpty()) {
      return Optional.empty();
    }
    MethodInvocationTree opener = openerOfBody(lambda, bodyPath, state).orElse(null);
    if (opener == null) {
      return Optional.empty();
    }
    MethodSymbol functional = Functions.functionalMethod(lambda, state);
    if (functional == null) {
      return Optional.empty();
    }
    List<? extends VariableTree> parameters = lambda.getParameters();
    VarSymbol scope = getSymbol(parameters.get(0));
    Optional<VarSymbol> namedResult =
        parameters.size() > 1 && isResultType(getSymbol(parameters.get(1)).type, state)
            ? Optional.of(getSymbol(parameters.get(1)))
            : Optional.empty();
    boolean returnsValue = functional.getReturnType().getKind() != TypeKind.VOID;
    return Optional.of(new InlineBody(lambda, opener, scope, namedResult, returnsValue));
  }

  /**
   * The deferred action that {@code action} (a lambda, method reference or class instance at {@code
   * actionPath}) is: the first argument of a registration that defers it.
   */
  public Optional<DeferredAction> deferredAction(
      ExpressionTree action, TreePath actionPath, VisitorState state) {
    TreePath parent = actionPath.getParentPath();
    if (parent == null
        || !(parent.getLeaf() instanceof MethodInvocationTree call)
        || call.getArguments().isEmpty()
        || call.getArguments().get(0) != action) {
      return Optional.empty();
    }
    return deferral(call, state)
        .map(
            registration ->
                new DeferredAction(
                    action,
                    registration,
                    registration.receiver() == null
                        ? Optional.empty()
                        : resolveScope(registration.receiver(), parent, state)));
  }

  // ---------------------------------------------------------------------------------------------
  // Types

  /** Whether {@code type} is (a subtype of) a scope type. */
  public boolean isScopeType(Type type, VisitorState state) {
    return profileOfScopeType(type, state).isPresent();
  }

  Optional<ApiProfile> profileOfScopeType(Type type, VisitorState state) {
    return roles(type, state).scopeOf().stream().findFirst();
  }

  /** Whether {@code type} is (a subtype of) a named-result type. */
  public boolean isResultType(Type type, VisitorState state) {
    return !roles(type, state).resultOf().isEmpty();
  }

  /** The profiles of which a type is (a subtype of) a scope, opener or named-result type. */
  private record Roles(
      ImmutableList<ApiProfile> scopeOf,
      ImmutableList<ApiProfile> openerOf,
      ImmutableList<ApiProfile> resultOf) {}

  /**
   * The roles {@code type} has in the profiles. Asked of nearly every variable, parameter and
   * method owner the checks look at, so worked out once per class and compilation: for a class type
   * they depend on the class alone (the tests are on the erasure).
   */
  private Roles roles(Type type, VisitorState state) {
    if (type == null || !type.hasTag(TypeTag.CLASS)) {
      return rolesOf(type, state);
    }
    return roles
        .in(state)
        .computeIfAbsent(state.getTypes().erasure(type).tsym, unused -> rolesOf(type, state));
  }

  private Roles rolesOf(Type type, VisitorState state) {
    return new Roles(
        profilesWhere(type, ApiProfile::scopeTypes, state),
        profilesWhere(type, ApiProfile::openerTypes, state),
        profilesWhere(type, ApiProfile::resultTypes, state));
  }

  private ImmutableList<ApiProfile> profilesWhere(
      Type type, Function<ApiProfile, ImmutableSet<String>> types, VisitorState state) {
    return profiles.stream()
        .filter(profile -> isOneOf(type, types.apply(profile), state))
        .collect(ImmutableList.toImmutableList());
  }

  /** Whether {@code call} reads a named result ({@code result.get()}). */
  public boolean isResultGet(MethodInvocationTree call, VisitorState state) {
    return isResultMember(getSymbol(call), "get", 0, state);
  }

  /** Whether {@code call} writes a named result ({@code result.set(v)}). */
  public boolean isResultSet(MethodInvocationTree call, VisitorState state) {
    return isResultSetter(getSymbol(call), state);
  }

  /** Whether {@code symbol} is the setter of a named result type ({@code result::set}). */
  public boolean isResultSetter(Symbol symbol, VisitorState state) {
    return isResultMember(symbol, "set", 1, state);
  }

  private boolean isResultMember(Symbol symbol, String name, int arity, VisitorState state) {
    return symbol instanceof MethodSymbol method
        && method.getSimpleName().contentEquals(name)
        && method.getParameters().size() == arity
        && !isStatic(method)
        && isResultType(method.owner.type, state);
  }

  @SuppressWarnings("ReferenceEquality") // Profiles are interned: see ApiProfile.
  private boolean isScopeMember(MethodSymbol method, ApiProfile profile, VisitorState state) {
    if (isStatic(method)) {
      return false;
    }
    for (ApiProfile scopeOf : roles(method.owner.type, state).scopeOf()) {
      if (scopeOf == profile) {
        return true;
      }
    }
    return false;
  }

  static boolean isOneOf(Type type, ImmutableSet<String> names, VisitorState state) {
    if (type == null) {
      return false;
    }
    for (String name : names) {
      Type known = state.getTypeFromString(name);
      if (known != null && isSubtype(state.getTypes().erasure(type), known, state)) {
        return true;
      }
    }
    return false;
  }

  /**
   * What a value of {@code type} is as a cleanup of its own, if it is one: an action to run or a
   * resource to close, as the scopes of the known APIs take them, or a {@code Runnable} or {@code
   * AutoCloseable} (see {@link Cleanups}).
   */
  public Optional<Cleanup> cleanup(Type type, VisitorState state) {
    return cleanups.of(type, state);
  }

  /**
   * How a scope of {@code scopeType} registers {@code cleanup}, in its API's words: {@code
   * defer(action)}, {@code closing(resource)}, {@code register(runnable::run)}; empty where no
   * registration method of the scope takes it.
   */
  public Optional<Cleanup.Registering> registering(
      Cleanup cleanup, Type scopeType, VisitorState state) {
    return cleanups.registering(cleanup, scopeType, state);
  }

  // ---------------------------------------------------------------------------------------------
  // Scopes, and the words of their API

  /**
   * The scope that {@code expression} (at {@code path}) denotes: a parameter of an enclosing lambda
   * or method, or a local closed at the end of an enclosing {@code try}, possibly through
   * effectively final local aliases; empty for fields, method results and anything else whose scope
   * cannot be known here.
   */
  public Optional<ScopeRef> resolveScope(
      ExpressionTree expression, TreePath path, VisitorState state) {
    return scopes.resolve(expression, path, state);
  }

  /**
   * The deferral {@code call} (at {@code path}) makes on the scope held in {@code scope}, a
   * parameter or local of the code around: {@code scope.defer(...)} in {@code Defer.run(scope ->
   * ...)}, also through aliases. The scope is resolved only for a call that defers an action.
   */
  public Optional<Registration> deferralOn(
      MethodInvocationTree call, VarSymbol scope, TreePath path, VisitorState state) {
    return deferral(call, state)
        .filter(
            registration ->
                registration.receiver() != null
                    && resolveScope(registration.receiver(), path, state)
                        .filter(resolved -> resolved.variable().equals(scope))
                        .isPresent());
  }

  /** Whether {@code registration} (at {@code path}) registers on {@code scope}. */
  public boolean registersOn(
      Registration registration, ScopeRef scope, TreePath path, VisitorState state) {
    return registration.receiver() != null
        && resolveScope(registration.receiver(), path, state)
            .filter(scope::sameScopeAs)
            .isPresent();
  }

  /**
   * How the users of the API of {@code scopeType} spell its openers, registrations and recover.
   * Worked out once per scope type and compilation (it looks through the openers' methods), as
   * every finding and fix asks it.
   */
  public ApiWords words(Type scopeType, VisitorState state) {
    return words
        .in(state)
        .computeIfAbsent(
            state.getTypes().erasure(scopeType).tsym,
            unused -> ApiWords.of(scopeType, profileOfScopeType(scopeType, state), state));
  }

  /**
   * A cache of what these profiles say of a class, for as long as the compilation (its symbols
   * belong to it), shared by the checks: they all get the same flags, so the same profiles. Each
   * instance keeps the map of the compilation it last saw, because finding it in the context hashes
   * and compares the profiles, which cost as much as most of what is cached.
   */
  private final class PerCompilation<V> {
    private final Context.Key<Map<List<ApiProfile>, Map<Symbol, V>>> key;
    // The compilation last seen and its map; null before the first.
    private @Nullable Context context;
    private @Nullable Map<Symbol, V> map;

    PerCompilation(Context.Key<Map<List<ApiProfile>, Map<Symbol, V>>> key) {
      this.key = key;
    }

    Map<Symbol, V> in(VisitorState state) {
      Map<Symbol, V> known = map;
      if (known == null || state.context != context) {
        Map<List<ApiProfile>, Map<Symbol, V>> byProfiles = state.context.get(key);
        if (byProfiles == null) {
          byProfiles = new HashMap<>();
          state.context.put(key, byProfiles);
        }
        known = byProfiles.computeIfAbsent(profiles, unused -> new HashMap<>());
        map = known;
        context = state.context;
      }
      return known;
    }
  }
}
