package io.github.deferlint.checks.model;

import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isStatic;
import static com.google.errorprone.util.ASTHelpers.isSubtype;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.util.Variables;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;

/**
 * What the checks know about the deferral API: which calls open a scope, which register a deferred
 * action, which recover, which type is a named result, and which variable a scope lives in. Every
 * check asks this one model; none matches the API by itself.
 *
 * <p>The model describes {@code io.github.deferlint.defer} and, through {@code
 * -XepOpt:Deferlint:...} flags, any other API of the same shape (see {@link #fromFlags}).
 */
public final class DeferApi {

  private static final String PACKAGE = "io.github.deferlint.defer.";

  private final ImmutableSet<String> scopeTypes;
  private final ImmutableSet<String> openerTypes;
  private final ImmutableSet<String> resultTypes;
  private final ImmutableSet<String> deferMethods;
  private final ImmutableSet<String> closingMethods;
  private final ImmutableSet<String> recoverMethods;

  private DeferApi(ErrorProneFlags flags) {
    scopeTypes = withDefault(flags, Flags.SCOPE_TYPES, PACKAGE + "Scope");
    openerTypes = withDefault(flags, Flags.OPENER_TYPES, PACKAGE + "Defer");
    resultTypes = withDefault(flags, Flags.RESULT_TYPES, PACKAGE + "Result");
    deferMethods = withDefault(flags, Flags.DEFER_METHODS, "defer");
    closingMethods = withDefault(flags, Flags.CLOSING_METHODS, "closing");
    recoverMethods = withDefault(flags, Flags.RECOVER_METHODS, "recover");
  }

  /**
   * The model of {@code io.github.deferlint.defer} plus the APIs named by the flags, each a
   * comma-separated list added to the defaults: {@code ScopeTypes} (types whose instances are
   * scopes), {@code OpenerTypes} (classes whose static methods run a lambda with a fresh scope as
   * its first parameter), {@code ResultTypes} (named results with {@code get()} and {@code
   * set(T)}), and the method names {@code DeferMethods}, {@code ClosingMethods}, {@code
   * RecoverMethods} on scope types.
   */
  public static DeferApi fromFlags(ErrorProneFlags flags) {
    return new DeferApi(flags);
  }

  private static ImmutableSet<String> withDefault(
      ErrorProneFlags flags, String flag, String value) {
    return ImmutableSet.<String>builder().add(value).addAll(flags.getSetOrEmpty(flag)).build();
  }

  /** How a registration treats what it is given. */
  public enum RegistrationKind {
    /** {@code defer(action, args...)}: the action runs later, the arguments are evaluated now. */
    DEFER,
    /** {@code closing(resource)}: registers {@code resource.close()}; capture is its purpose. */
    CLOSING
  }

  // ---------------------------------------------------------------------------------------------
  // Calls

  /** The kind of registration {@code call} is, if it registers on a scope. */
  public Optional<RegistrationKind> registrationKind(
      MethodInvocationTree call, VisitorState state) {
    return registrationKind(getSymbol(call), state);
  }

  /**
   * The kind of registration that a method reference makes each time it is called, when it refers
   * to a registration method of a scope: {@code scope::closing} given to {@code forEach}.
   */
  public Optional<RegistrationKind> registrationKind(
      MemberReferenceTree reference, VisitorState state) {
    return registrationKind(getSymbol(reference), state);
  }

  private Optional<RegistrationKind> registrationKind(MethodSymbol method, VisitorState state) {
    if (method == null) {
      return Optional.empty();
    }
    String name = method.getSimpleName().toString();
    if (deferMethods.contains(name) && isScopeMember(method, state)) {
      return Optional.of(RegistrationKind.DEFER);
    }
    if (closingMethods.contains(name) && isScopeMember(method, state)) {
      return Optional.of(RegistrationKind.CLOSING);
    }
    return Optional.empty();
  }

  /** Whether {@code call} registers a deferred action or resource on a scope. */
  public boolean isRegistration(MethodInvocationTree call, VisitorState state) {
    return registrationKind(call, state).isPresent();
  }

  /** Whether {@code call} is Go's {@code recover()} on a scope. */
  public boolean isRecover(MethodInvocationTree call, VisitorState state) {
    MethodSymbol method = getSymbol(call);
    return isRecoverMethod(method, state);
  }

  /** Whether {@code symbol} is the recover method of a scope type ({@code scope::recover}). */
  public boolean isRecoverMethod(Symbol symbol, VisitorState state) {
    return symbol instanceof MethodSymbol method
        && method.getParameters().isEmpty()
        && recoverMethods.contains(method.getSimpleName().toString())
        && isScopeMember(method, state);
  }

  /** Whether {@code call} opens a scope: a static method of an opener type ({@code Defer.run}). */
  public boolean isOpener(MethodInvocationTree call, VisitorState state) {
    MethodSymbol method = getSymbol(call);
    return isStatic(method) && isOneOf(method.owner.type, openerTypes, state);
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
    Type descriptor = descriptorType(function, state);
    return descriptor != null
        && !descriptor.getParameterTypes().isEmpty()
        && isScopeType(descriptor.getParameterTypes().get(0), state);
  }

  /**
   * The type of the method that {@code function} implements, with the functional interface's type
   * arguments applied ({@code (Scope)void} for a {@code Consumer<Scope>}); null when it implements
   * none.
   */
  private static Type descriptorType(ExpressionTree function, VisitorState state) {
    Type type = functionalInterface(function, state);
    if (type == null) {
      return null;
    }
    try {
      return state.getTypes().findDescriptorType(type);
    } catch (com.sun.tools.javac.code.Types.FunctionDescriptorLookupError e) {
      return null; // A wildcard parameterization with no function type (JLS 9.9).
    }
  }

  /**
   * The method of the functional interface that {@code function} (a lambda, method reference or
   * anonymous class instance) implements; null when it implements none.
   */
  private static MethodSymbol functionalDescriptor(ExpressionTree function, VisitorState state) {
    Type type = functionalInterface(function, state);
    Symbol descriptor = type == null ? null : state.getTypes().findDescriptorSymbol(type.tsym);
    return descriptor instanceof MethodSymbol method ? method : null;
  }

  /** The functional interface {@code function} implements, or null. */
  private static Type functionalInterface(ExpressionTree function, VisitorState state) {
    Type type =
        function instanceof NewClassTree creation
            ? com.google.errorprone.util.ASTHelpers.getType(creation.getIdentifier())
            : com.google.errorprone.util.ASTHelpers.getType(function);
    return type != null && state.getTypes().isFunctionalInterface(type) ? type : null;
  }

  /** Whether {@code type} is (a subtype of) a scope type. */
  public boolean isScopeType(Type type, VisitorState state) {
    return isOneOf(type, scopeTypes, state);
  }

  /** Whether {@code type} is (a subtype of) a named-result type. */
  public boolean isResultType(Type type, VisitorState state) {
    return isOneOf(type, resultTypes, state);
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
        && isOneOf(method.owner.type, resultTypes, state);
  }

  private boolean isScopeMember(MethodSymbol method, VisitorState state) {
    return !isStatic(method) && isOneOf(method.owner.type, scopeTypes, state);
  }

  private static boolean isOneOf(Type type, ImmutableSet<String> names, VisitorState state) {
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

  // ---------------------------------------------------------------------------------------------
  // Scopes

  /**
   * The scope an expression denotes: the variable it is held in, after following effectively final
   * local aliases ({@code Scope s = scope;}), and the lambda or method that declares that variable
   * as a parameter. Two expressions denote the same scope when their variables are the same.
   *
   * @param variable the parameter the scope was handed in as
   * @param declarer the lambda or method declaring {@code variable}
   * @param opener the opener call when {@code declarer} is the inline body of an opener: the scope
   *     is opened right there; null when the scope came from a caller
   */
  public record ScopeRef(VarSymbol variable, Tree declarer, MethodInvocationTree opener) {
    /** Whether the scope is opened by {@code declarer} itself rather than handed in by a caller. */
    public boolean openedHere() {
      return opener != null;
    }

    public boolean sameScopeAs(ScopeRef other) {
      return variable.equals(other.variable);
    }
  }

  /**
   * Resolves the scope that {@code expression} (at {@code path}) denotes, when it is a parameter of
   * an enclosing lambda or method, possibly through effectively final local aliases; empty for
   * fields, method results and anything else whose scope cannot be known here.
   */
  public Optional<ScopeRef> resolveScope(
      ExpressionTree expression, TreePath path, VisitorState state) {
    Symbol symbol = getSymbol(expression);
    for (int aliases = 0; aliases < 8 && symbol instanceof VarSymbol variable; aliases++) {
      if (!isScopeType(variable.type, state)) {
        return Optional.empty();
      }
      if (variable.getKind() == ElementKind.PARAMETER) {
        return declaringParameter(variable, path, state);
      }
      if (variable.getKind() != ElementKind.LOCAL_VARIABLE
          || !Variables.isEffectivelyFinal(variable)) {
        return Optional.empty();
      }
      ExpressionTree initializer = localInitializer(variable, path);
      symbol = initializer == null ? null : getSymbol(initializer);
    }
    return Optional.empty();
  }

  private Optional<ScopeRef> declaringParameter(
      VarSymbol parameter, TreePath path, VisitorState state) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      List<? extends VariableTree> parameters;
      if (leaf instanceof LambdaExpressionTree lambda) {
        parameters = lambda.getParameters();
      } else if (leaf instanceof MethodTree method) {
        parameters = method.getParameters();
      } else {
        continue;
      }
      if (parameters.stream().anyMatch(p -> parameter.equals(getSymbol(p)))) {
        return Optional.of(
            new ScopeRef(parameter, leaf, openerOfBody(leaf, current, state).orElse(null)));
      }
    }
    return Optional.empty();
  }

  /** The initializer of local {@code variable}, found in the code around {@code path}. */
  private static ExpressionTree localInitializer(VarSymbol variable, TreePath path) {
    Tree body = enclosingExecutable(path);
    if (body == null) {
      return null;
    }
    ExpressionTree[] found = new ExpressionTree[1];
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        if (variable.equals(getSymbol(tree))) {
          found[0] = tree.getInitializer();
        }
        return super.visitVariable(tree, unused);
      }
    }.scan(body, null);
    return found[0];
  }

  /** The outermost method, or else initializer, around {@code path}: where its locals live. */
  private static Tree enclosingExecutable(TreePath path) {
    Tree result = null;
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof MethodTree || leaf instanceof LambdaExpressionTree) {
        result = leaf;
      }
      if (leaf instanceof com.sun.source.tree.ClassTree) {
        break;
      }
    }
    return result;
  }

  // ---------------------------------------------------------------------------------------------
  // Deferred actions

  /**
   * An action registered inline: the lambda or method reference given to {@code defer}.
   *
   * @param action the lambda or method reference (the registration's first argument)
   * @param registration the {@code defer} call
   * @param scope the scope registered on, if it can be resolved
   */
  public record DeferredAction(
      ExpressionTree action, MethodInvocationTree registration, Optional<ScopeRef> scope) {}

  /**
   * The deferred action whose own code contains the leaf of {@code path}: the innermost lambda,
   * method or class around it is a lambda given to {@code defer}. Code in a lambda or class nested
   * inside the action runs later or elsewhere, so it is not directly in the action.
   */
  public Optional<DeferredAction> enclosingDeferredAction(TreePath path, VisitorState state) {
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      Tree leaf = current.getLeaf();
      if (leaf instanceof LambdaExpressionTree lambda) {
        return deferredAction(lambda, current, state);
      }
      if (leaf instanceof MethodTree || leaf instanceof com.sun.source.tree.ClassTree) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The registration that {@code action} (a lambda or method reference at {@code actionPath}) is
   * the action of, if it is the first argument of a {@code defer} call.
   */
  public Optional<DeferredAction> deferredAction(
      ExpressionTree action, TreePath actionPath, VisitorState state) {
    TreePath parent = actionPath.getParentPath();
    if (parent == null
        || !(parent.getLeaf() instanceof MethodInvocationTree registration)
        || registration.getArguments().isEmpty()
        || registration.getArguments().get(0) != action
        || registrationKind(registration, state).orElse(null) != RegistrationKind.DEFER) {
      return Optional.empty();
    }
    ExpressionTree receiver = com.google.errorprone.util.ASTHelpers.getReceiver(registration);
    Optional<ScopeRef> scope =
        receiver == null ? Optional.empty() : resolveScope(receiver, parent, state);
    return Optional.of(new DeferredAction(action, registration, scope));
  }

  // ---------------------------------------------------------------------------------------------
  // Functions written inline: who runs them, with what

  /**
   * The anonymous class instance whose functional method is {@code method} (at {@code methodPath}):
   * the path of {@code new Deferred() { public void run() {...} }} when {@code method} is its
   * {@code run}. Such an instance is a function written inline, as a lambda is; its other methods
   * are not.
   */
  public Optional<TreePath> anonymousFunction(TreePath methodPath, VisitorState state) {
    TreePath classPath = methodPath.getParentPath();
    TreePath creationPath = classPath == null ? null : classPath.getParentPath();
    if (!(methodPath.getLeaf() instanceof MethodTree)
        || creationPath == null
        || !(creationPath.getLeaf() instanceof NewClassTree creation)
        || creation.getClassBody() != classPath.getLeaf()
        || !(getSymbol(methodPath.getLeaf()) instanceof MethodSymbol method)) {
      return Optional.empty();
    }
    MethodSymbol descriptor = functionalDescriptor(creation, state);
    return descriptor != null
            && method.overrides(descriptor, method.enclClass(), state.getTypes(), true)
        ? Optional.of(creationPath)
        : Optional.empty();
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
        || !isOpener(call, state)
        || !call.getArguments().contains(function)) {
      return Optional.empty();
    }
    return firstParameterIsScope((ExpressionTree) function, state)
        ? Optional.of(call)
        : Optional.empty();
  }

  /**
   * The registration argument that parameter {@code parameter} of a deferred action receives:
   * {@code scope} for parameter 0 of {@code s.defer(this::handle, scope)}; empty when the action
   * takes no such parameter.
   */
  public static Optional<ExpressionTree> actionArgument(DeferredAction action, int parameter) {
    List<? extends ExpressionTree> arguments = action.registration().getArguments();
    return parameter >= 0 && parameter + 1 < arguments.size()
        ? Optional.of(arguments.get(parameter + 1))
        : Optional.empty();
  }

  // ---------------------------------------------------------------------------------------------
  // Scope bodies' values and named results

  /**
   * A scope body written inline as a lambda, as its opener runs it.
   *
   * @param lambda the body
   * @param opener the opener call it is given to
   * @param scope the body's scope parameter
   * @param namedResult the body's named result parameter ({@code Defer.named}'s {@code result}): a
   *     second parameter of a result type; empty when the body has none
   * @param returnsValue whether the body's return value is the opener's value ({@code Defer.call},
   *     {@code Defer.named}) rather than there being none ({@code Defer.run})
   */
  public record InlineBody(
      LambdaExpressionTree lambda,
      MethodInvocationTree opener,
      VarSymbol scope,
      Optional<VarSymbol> namedResult,
      boolean returnsValue) {}

  /** The inline scope body that the leaf of {@code bodyPath} is, if it is one. */
  public Optional<InlineBody> inlineBody(TreePath bodyPath, VisitorState state) {
    if (!(bodyPath.getLeaf() instanceof LambdaExpressionTree lambda)) {
      return Optional.empty();
    }
    MethodInvocationTree opener = openerOfBody(lambda, bodyPath, state).orElse(null);
    // The interface's method, not the descriptor type: whether it returns void does not depend on
    // the type arguments, and javac caches the method per interface.
    MethodSymbol descriptor = opener == null ? null : functionalDescriptor(lambda, state);
    if (descriptor == null || lambda.getParameters().isEmpty()) {
      return Optional.empty();
    }
    List<? extends VariableTree> parameters = lambda.getParameters();
    VarSymbol scope = getSymbol(parameters.get(0));
    Optional<VarSymbol> namedResult =
        parameters.size() > 1 && isResultType(getSymbol(parameters.get(1)).type, state)
            ? Optional.of(getSymbol(parameters.get(1)))
            : Optional.empty();
    boolean returnsValue =
        descriptor.getReturnType().getKind() != javax.lang.model.type.TypeKind.VOID;
    return Optional.of(new InlineBody(lambda, opener, scope, namedResult, returnsValue));
  }

  // ---------------------------------------------------------------------------------------------
  // Scopes that fixes open

  /**
   * The class whose static {@code run(body)} runs a block-bodied lambda {@code body} with a fresh
   * scope of exactly {@code scopeType}, for fixes that open a scope of their own: {@code
   * io.github.deferlint.defer.Defer} for the built-in {@code Scope}. Empty for the scope types
   * named by flags, whose openers' shapes the model does not know.
   */
  public Optional<String> runOpenerFor(Type scopeType, VisitorState state) {
    Type builtIn = state.getTypeFromString(PACKAGE + "Scope");
    return builtIn != null && scopeType != null && state.getTypes().isSameType(scopeType, builtIn)
        ? Optional.of(PACKAGE + "Defer")
        : Optional.empty();
  }
}
