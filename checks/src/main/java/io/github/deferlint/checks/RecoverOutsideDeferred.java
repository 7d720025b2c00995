package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.tree.JCTree.JCMemberReference;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.DeferApi.DeferredAction;
import io.github.deferlint.checks.model.DeferApi.ScopeRef;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.Sources;
import io.github.deferlint.checks.util.Variables;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import javax.lang.model.element.Modifier;

/**
 * Flags Go's {@code recover()} where it cannot stop the panic: outside the deferred actions of its
 * own scope it returns null, and registered as the action itself it discards the panic unseen.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "recover() only stops a panic when called in a deferred action of its own scope: elsewhere"
            + " it returns null, and registered as the action itself it discards the panic unseen",
    severity = ERROR,
    linkType = CUSTOM,
    link = Docs.CHECKS + "RecoverOutsideDeferred.md")
public final class RecoverOutsideDeferred extends BugChecker
    implements MethodInvocationTreeMatcher, MemberReferenceTreeMatcher {
  /** How many private helpers deep the call sites of a recovering helper are followed. */
  private static final int MAX_HELPER_DEPTH = 3;

  private final DeferApi api;

  /** For ServiceLoader, which Error Prone uses to find plugins; Error Prone injects the flags. */
  public RecoverOutsideDeferred() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public RecoverOutsideDeferred(ErrorProneFlags flags) {
    this.api = DeferApi.fromFlags(flags);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
    return Crashproof.match(this, call, state, () -> checkCall(call, state));
  }

  @Override
  public Description matchMemberReference(MemberReferenceTree reference, VisitorState state) {
    return Crashproof.match(this, reference, state, () -> checkReference(reference, state));
  }

  private Description checkCall(MethodInvocationTree call, VisitorState state) {
    ExpressionTree receiver = getReceiver(call);
    if (!api.isRecover(call, state) || receiver == null) {
      return NO_MATCH;
    }
    Optional<ScopeRef> scope = api.resolveScope(receiver, state.getPath(), state);
    if (scope.isEmpty()) {
      return NO_MATCH;
    }
    Place place = new Placer(state).place(scope.get(), state.getPath(), 0);
    return place.isWrong() ? callFinding(call, receiver, place, state) : NO_MATCH;
  }

  /** {@code scope.defer(scope::recover)}, or {@code scope.defer(Scope::recover, scope)}. */
  private Description checkReference(MemberReferenceTree reference, VisitorState state) {
    if (!api.isRecoverMethod(getSymbol(reference), state)) {
      return NO_MATCH;
    }
    Optional<DeferredAction> action = api.deferredAction(reference, state.getPath(), state);
    if (action.isEmpty()) {
      return NO_MATCH;
    }
    Optional<ExpressionTree> recovered =
        isUnbound(reference)
            ? DeferApi.actionArgument(action.get(), 0)
            : Optional.of(reference.getQualifierExpression());
    Optional<ScopeRef> scope =
        recovered.flatMap(expression -> api.resolveScope(expression, state.getPath(), state));
    Optional<Place> place = scope.map(s -> new Placer(state).place(s, state.getPath(), 0));
    boolean returnsNull = place.isPresent() && place.get().returnsNull();
    return buildDescription(reference)
        .setMessage(
            returnsNull
                ? String.format(
                    "`%s` runs %s, while the actions of `%s` are not running: it returns null and"
                        + " does nothing. To stop a panic, recover in a lambda deferred on the"
                        + " scope that panics and handle what it returns.",
                    Sources.shortSource(reference, state, 60),
                    place.get().where(),
                    name(scope.get()))
                : String.format(
                    "`%s` as the deferred action stops the panic and throws it away unseen (Go's"
                        + " `defer recover()` does not even stop it). Recover in a lambda and"
                        + " handle what it returns: `scope.defer(() -> { Throwable t ="
                        + " scope.recover(); if (t != null) { ... } })`.",
                    Sources.shortSource(reference, state, 60)))
        .build();
  }

  private static boolean isUnbound(MemberReferenceTree reference) {
    return ((JCMemberReference) reference).kind == JCMemberReference.ReferenceKind.UNBOUND;
  }

  // ---------------------------------------------------------------------------------------------
  // Where code that recovers runs, relative to the deferred actions of the scope

  private enum Kind {
    /** Directly in a deferred action of the scope: recover() works. */
    IN_ACTION,
    /** Undecidable here (unknown callers, stored lambdas, unresolved scopes): not reported. */
    UNKNOWN,
    /** In the scope's body, also through nested scopes opened in it: always null. */
    IN_BODY,
    /** In a lambda or class nested inside a deferred action of the scope: may run later. */
    NESTED,
    /** In a deferred action of another scope, while the scope's own actions do not run. */
    IN_OTHER_ACTION,
    /** In a private helper that some call site calls from one of the places above. */
    IN_HELPER,
    /** In a private helper that nothing calls. */
    IN_UNCALLED_HELPER
  }

  /**
   * Where a recover() call, or a call of a helper that recovers, runs.
   *
   * @param where a phrase for messages: "in the body of scope `s`"
   * @param otherAction for {@link Kind#IN_OTHER_ACTION}, the innermost action of the other scope
   * @param directlyInOtherAction whether the code is in {@code otherAction}'s own code
   * @param helper for {@link Kind#IN_HELPER}, the helper method's name
   */
  private record Place(
      Kind kind,
      String where,
      DeferredAction otherAction,
      boolean directlyInOtherAction,
      String helper) {
    static final Place IN_ACTION = new Place(Kind.IN_ACTION, "", null, false, null);
    static final Place UNKNOWN = new Place(Kind.UNKNOWN, "", null, false, null);

    static Place of(Kind kind, String where) {
      return new Place(kind, where, null, false, null);
    }

    boolean isWrong() {
      return kind != Kind.IN_ACTION && kind != Kind.UNKNOWN;
    }

    /** Whether recover() can only return null there (rather than maybe, when run later). */
    boolean returnsNull() {
      return kind == Kind.IN_BODY || kind == Kind.IN_OTHER_ACTION || kind == Kind.IN_HELPER;
    }
  }

  /** Walks from a piece of code out to the function that declares the scope it recovers on. */
  private final class Placer {
    private final VisitorState state;

    Placer(VisitorState state) {
      this.state = state;
    }

    /**
     * Where the code at {@code site} runs relative to the deferred actions of {@code scope}. The
     * functions around it are crossed outwards: an opener's inline body runs right away and a
     * deferred action of a scope opened there runs when that scope ends, still inside; any other
     * lambda or class runs at a time this check cannot know.
     */
    Place place(ScopeRef scope, TreePath site, int depth) {
      boolean crossedOtherCode = false;
      boolean crossedFunction = false;
      DeferredAction otherAction = null;
      boolean directlyInOtherAction = false;
      for (TreePath path = site; path != null; path = path.getParentPath()) {
        Tree leaf = path.getLeaf();
        TreePath functionPath;
        if (leaf instanceof LambdaExpressionTree
            || (leaf instanceof MemberReferenceTree && path == site)) {
          functionPath = path;
        } else if (leaf instanceof MethodTree method) {
          Optional<TreePath> anonymous = api.anonymousFunction(path, state);
          if (anonymous.isPresent()) {
            functionPath = anonymous.get();
          } else if (method == scope.declarer()) {
            return crossedOtherCode ? Place.UNKNOWN : helperPlace(method, path, scope, depth);
          } else if (isMemberOfLocalClass(path)) {
            crossedOtherCode = true;
            continue;
          } else {
            return Place.UNKNOWN;
          }
        } else if (leaf instanceof ClassTree) {
          if (!isMemberOfLocalClass(path)) {
            return Place.UNKNOWN;
          }
          crossedOtherCode = true;
          continue;
        } else {
          continue;
        }
        boolean declaresScope = scope.declarer() == leaf;
        path = functionPath; // An anonymous class: go on from the instance creation.
        ExpressionTree function = (ExpressionTree) functionPath.getLeaf();
        Optional<DeferredAction> action = api.deferredAction(function, functionPath, state);
        if (action.isPresent()) {
          Optional<ScopeRef> registeredOn = action.get().scope();
          if (declaresScope) {
            return handedToItsOwnAction(action.get(), scope, functionPath, crossedOtherCode);
          }
          if (registeredOn.isEmpty()) {
            return Place.UNKNOWN;
          }
          if (registeredOn.get().sameScopeAs(scope)) {
            return crossedOtherCode ? nested(scope) : Place.IN_ACTION;
          }
          if (!registeredOn.get().openedHere()) {
            return Place.UNKNOWN;
          }
          if (otherAction == null) {
            otherAction = action.get();
            directlyInOtherAction = !crossedFunction;
          }
        } else if (api.openerOfBody(function, functionPath, state).isPresent()) {
          if (declaresScope) {
            if (crossedOtherCode) {
              return Place.UNKNOWN;
            }
            return otherAction == null
                ? Place.of(Kind.IN_BODY, "in the body of scope `" + name(scope) + "`")
                : new Place(
                    Kind.IN_OTHER_ACTION,
                    "in a deferred action of `" + name(otherAction.scope().get()) + "`",
                    otherAction,
                    directlyInOtherAction,
                    null);
          }
        } else if (declaresScope) {
          return Place.UNKNOWN;
        } else {
          crossedOtherCode = true;
        }
        crossedFunction = true;
      }
      return Place.UNKNOWN;
    }

    /** {@code s.defer(t -> t.recover(), s)}: fine when the action gets its own scope. */
    private Place handedToItsOwnAction(
        DeferredAction action, ScopeRef scope, TreePath functionPath, boolean crossedOtherCode) {
      int parameter = parameterIndex(parametersOf(scope.declarer()), scope);
      Optional<ScopeRef> handedIn =
          DeferApi.actionArgument(action, parameter)
              .flatMap(argument -> api.resolveScope(argument, functionPath, state));
      boolean ownScope =
          handedIn.isPresent()
              && action.scope().isPresent()
              && handedIn.get().sameScopeAs(action.scope().get());
      if (!ownScope) {
        return Place.UNKNOWN;
      }
      return crossedOtherCode ? nested(handedIn.get()) : Place.IN_ACTION;
    }

    private Place nested(ScopeRef scope) {
      return Place.of(
          Kind.NESTED,
          "in a lambda or class nested inside a deferred action of `" + name(scope) + "`");
    }

    /**
     * A private helper that recovers on its parameter {@code scope}: fine when every call site is
     * directly in a deferred action of the scope it passes, wrong when some call site is not, or
     * when nothing calls it. Other methods may be called from anywhere and are never decided.
     */
    private Place helperPlace(MethodTree method, TreePath methodPath, ScopeRef scope, int depth) {
      MethodSymbol helper = getSymbol(method);
      if (!helper.getModifiers().contains(Modifier.PRIVATE)
          || helper.isConstructor()
          || depth >= MAX_HELPER_DEPTH) {
        return Place.UNKNOWN;
      }
      int parameter = parameterIndex(method.getParameters(), scope);
      String name = helper.getSimpleName().toString();
      List<TreePath> sites = callSites(helper, methodPath);
      if (sites.isEmpty()) {
        return new Place(
            Kind.IN_UNCALLED_HELPER,
            "in private method `" + name + "`, which nothing in this file calls",
            null,
            false,
            name);
      }
      boolean allInAction = true;
      for (TreePath site : sites) {
        Place caller = callerPlace(site, helper, parameter, depth + 1);
        if (caller.isWrong()) {
          return new Place(
              Kind.IN_HELPER,
              String.format(
                  "in private method `%s`, called on line %d %s",
                  name, Sources.lineOf(site.getLeaf(), state), caller.where()),
              null,
              false,
              name);
        }
        allInAction &= caller.kind() == Kind.IN_ACTION;
      }
      return allInAction ? Place.IN_ACTION : Place.UNKNOWN;
    }

    /** Where a call or method reference of {@code helper} passes a scope to {@code parameter}. */
    private Place callerPlace(TreePath site, MethodSymbol helper, int parameter, int depth) {
      if (site.getLeaf() instanceof MethodInvocationTree call) {
        boolean inVarargs = helper.isVarArgs() && parameter >= helper.getParameters().size() - 1;
        if (inVarargs || parameter >= call.getArguments().size()) {
          return Place.UNKNOWN;
        }
        return api.resolveScope(call.getArguments().get(parameter), site, state)
            .map(scope -> place(scope, site, depth))
            .orElse(Place.UNKNOWN);
      }
      MemberReferenceTree reference = (MemberReferenceTree) site.getLeaf();
      int functionParameter = parameter + (isUnbound(reference) ? 1 : 0);
      Optional<DeferredAction> action = api.deferredAction(reference, site, state);
      if (action.isPresent()) {
        Optional<ScopeRef> handedIn =
            DeferApi.actionArgument(action.get(), functionParameter)
                .flatMap(argument -> api.resolveScope(argument, site, state));
        boolean ownScope =
            handedIn.isPresent()
                && action.get().scope().isPresent()
                && handedIn.get().sameScopeAs(action.get().scope().get());
        return ownScope ? Place.IN_ACTION : Place.UNKNOWN;
      }
      if (functionParameter == 0 && api.openerOfBody(reference, site, state).isPresent()) {
        String opener = Sources.shortSource(site.getParentPath().getLeaf(), state, 50);
        return Place.of(Kind.IN_BODY, "as the body of a scope (`" + opener + "`)");
      }
      return Place.UNKNOWN;
    }

    /** The calls and method references of {@code helper} in the top-level class around it. */
    private List<TreePath> callSites(MethodSymbol helper, TreePath methodPath) {
      TreePath topLevel = methodPath;
      while (topLevel.getParentPath() != null
          && !(topLevel.getParentPath().getLeaf() instanceof CompilationUnitTree)) {
        topLevel = topLevel.getParentPath();
      }
      List<TreePath> sites = new ArrayList<>();
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
          if (helper.equals(getSymbol(call))) {
            sites.add(getCurrentPath());
          }
          return super.visitMethodInvocation(call, unused);
        }

        @Override
        public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
          if (helper.equals(getSymbol(reference))) {
            sites.add(getCurrentPath());
          }
          return super.visitMemberReference(reference, unused);
        }
      }.scan(topLevel, null);
      return sites;
    }
  }

  /** Whether the class or method at {@code path} belongs to a local or anonymous class. */
  private static boolean isMemberOfLocalClass(TreePath path) {
    TreePath classPath = path.getLeaf() instanceof ClassTree ? path : path.getParentPath();
    TreePath outside = classPath == null ? null : classPath.getParentPath();
    return outside != null
        && !(outside.getLeaf() instanceof ClassTree)
        && !(outside.getLeaf() instanceof CompilationUnitTree);
  }

  private static List<? extends VariableTree> parametersOf(Tree function) {
    if (function instanceof LambdaExpressionTree lambda) {
      return lambda.getParameters();
    }
    return function instanceof MethodTree method ? method.getParameters() : List.of();
  }

  private static int parameterIndex(List<? extends VariableTree> parameters, ScopeRef scope) {
    for (int i = 0; i < parameters.size(); i++) {
      if (scope.variable().equals(getSymbol(parameters.get(i)))) {
        return i;
      }
    }
    return -1;
  }

  private static String name(ScopeRef scope) {
    return scope.variable().getSimpleName().toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Findings

  private Description callFinding(
      MethodInvocationTree call, ExpressionTree receiver, Place place, VisitorState state) {
    String recover = Sources.shortSource(call, state, 60);
    String scope = Sources.shortSource(receiver, state, 40);
    Description.Builder finding = buildDescription(call);
    switch (place.kind()) {
      case IN_BODY ->
          finding.setMessage(
              String.format(
                  "`%s` runs %s, before any of its deferred actions, so it always returns null and"
                      + " stops nothing. Call it in a deferred action: `%s.defer(() -> { Throwable"
                      + " t = %s.recover(); if (t != null) { ... } })`.",
                  recover, place.where(), scope, scope));
      case NESTED ->
          finding.setMessage(
              String.format(
                  "`%s` is %s, not in the action itself: run after the action or on another"
                      + " thread, it returns null and the panic goes on (Go's recover in a nested"
                      + " func literal returns nil). Call `%s` directly in the action and pass the"
                      + " throwable on.",
                  recover, place.where(), recover));
      case IN_OTHER_ACTION -> {
        String other = name(place.otherAction().scope().get());
        finding.setMessage(
            String.format(
                "`%s` runs %s, while the actions of `%s` are not running, so it returns null and"
                    + " stops nothing. `%s.recover()` stops the panic that unwinds `%s` instead"
                    + " (a different panic); to stop one of `%s`, recover in its own deferred"
                    + " action.",
                recover, place.where(), scope, other, other, scope));
        retargeted(receiver, place).ifPresent(finding::addFix);
      }
      case IN_UNCALLED_HELPER ->
          finding.setMessage(
              String.format(
                  "`%s` is %s, so no deferred action runs it and it never stops a panic. Call"
                      + " `%s` from deferred actions of the scope it recovers on, e.g."
                      + " `scope.defer(() -> %s(scope))`, or remove it.",
                  recover, place.where(), place.helper(), place.helper()));
      default ->
          finding.setMessage(
              String.format(
                  "`%s` is %s, not directly in a deferred action of the scope it recovers on, so"
                      + " it returns null there. Call `%s` only from deferred actions of that"
                      + " scope, e.g. `scope.defer(() -> %s(scope))`.",
                  recover, place.where(), place.helper(), place.helper()));
    }
    return finding.build();
  }

  /**
   * {@code outer.recover()} in an action of {@code inner} rewritten to {@code inner.recover()}:
   * only directly in a lambda action (where no local can shadow the scope's name), and where the
   * action's scope is a variable the lambda can capture.
   */
  private static Optional<SuggestedFix> retargeted(ExpressionTree receiver, Place place) {
    if (!place.directlyInOtherAction()
        || !(place.otherAction().action() instanceof LambdaExpressionTree)) {
      return Optional.empty();
    }
    ExpressionTree registeredOn = stripParentheses(getReceiver(place.otherAction().registration()));
    if (!(registeredOn instanceof IdentifierTree identifier)
        || !Variables.isEffectivelyFinal(getSymbol(identifier))) {
      return Optional.empty();
    }
    return Optional.of(SuggestedFix.replace(receiver, identifier.getName().toString()));
  }
}
