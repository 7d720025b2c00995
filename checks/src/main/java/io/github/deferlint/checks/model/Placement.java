package io.github.deferlint.checks.model;

import static com.google.errorprone.util.ASTHelpers.getSymbol;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.PrivateCallSites;
import io.github.deferlint.checks.util.Sources;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where a piece of code runs relative to the deferred actions of a scope: directly in one of them
 * (where Go's {@code recover()} works), in the scope's body before any of them, nested in one of
 * them (later, or elsewhere), in an action of another scope, or in a private helper called from one
 * of those places.
 *
 * @param kind where the code runs
 * @param where a phrase for messages: "in the body of scope `s`"
 * @param otherAction for {@link Kind#IN_OTHER_ACTION}, the innermost action of the other scope
 * @param directlyInOtherAction whether the code is in {@code otherAction}'s own code
 * @param helper for {@link Kind#IN_HELPER}, the helper method's name
 */
public record Placement(
    Kind kind,
    String where,
    @Nullable DeferredAction otherAction,
    boolean directlyInOtherAction,
    @Nullable String helper) {

  /** Where code runs relative to the deferred actions of a scope. */
  public enum Kind {
    /** Directly in a deferred action of the scope. */
    IN_ACTION,
    /** Undecidable here (unknown callers, stored lambdas, unresolved scopes). */
    UNKNOWN,
    /** In the scope's body, also through nested scopes opened in it: before any of its actions. */
    IN_BODY,
    /** In a lambda or class nested inside a deferred action of the scope: may run later. */
    NESTED,
    /** In a deferred action of another scope, while the scope's own actions do not run. */
    IN_OTHER_ACTION,
    /** In a private helper that some call site calls from one of the places above. */
    IN_HELPER
  }

  /** How many private helpers deep the call sites of a helper are followed. */
  private static final int MAX_HELPER_DEPTH = 3;

  private static final Placement IN_ACTION = new Placement(Kind.IN_ACTION, "", null, false, null);
  private static final Placement UNKNOWN = new Placement(Kind.UNKNOWN, "", null, false, null);

  private static Placement of(Kind kind, String where) {
    return new Placement(kind, where, null, false, null);
  }

  /** Whether the code is somewhere other than directly in an action, as far as can be known. */
  public boolean isWrong() {
    return kind != Kind.IN_ACTION && kind != Kind.UNKNOWN;
  }

  /** Whether no action of the scope can be running there (rather than maybe, when run later). */
  public boolean outsideActions() {
    return kind == Kind.IN_BODY || kind == Kind.IN_OTHER_ACTION || kind == Kind.IN_HELPER;
  }

  /** Where the code at {@code site} runs relative to the deferred actions of {@code scope}. */
  public static Placement of(ScopeRef scope, TreePath site, DeferApi api, VisitorState state) {
    return new Placer(api, state).place(scope, site, 0);
  }

  /** Walks from a piece of code out to the code that declares the scope. */
  private static final class Placer {
    private final DeferApi api;
    private final VisitorState state;

    Placer(DeferApi api, VisitorState state) {
      this.api = api;
      this.state = state;
    }

    /**
     * The functions around {@code site} are crossed outwards: an opener's inline body runs right
     * away and a deferred action of a scope opened there runs when that scope ends, still inside;
     * any other lambda or class runs at a time this code cannot know.
     */
    Placement place(ScopeRef scope, TreePath site, int depth) {
      boolean crossedOtherCode = false;
      boolean crossedFunction = false;
      DeferredAction otherAction = null;
      boolean directlyInOtherAction = false;
      for (TreePath path = site; path != null; path = path.getParentPath()) {
        Tree leaf = path.getLeaf();
        if (leaf == scope.region() && scope.shape() == ScopeRef.Shape.TRY_LOCAL) {
          return crossedOtherCode ? UNKNOWN : inBody(scope, otherAction, directlyInOtherAction);
        }
        TreePath functionPath;
        if (leaf instanceof LambdaExpressionTree
            || (leaf instanceof MemberReferenceTree && path == site)) {
          functionPath = path;
        } else if (leaf instanceof MethodTree method) {
          Optional<TreePath> anonymous = Functions.anonymousFunction(path, state);
          if (anonymous.isPresent()) {
            functionPath = anonymous.get();
          } else if (method == scope.region()) {
            return crossedOtherCode ? UNKNOWN : helperPlace(method, path, scope, depth);
          } else if (isMemberOfLocalClass(path)) {
            crossedOtherCode = true;
            continue;
          } else {
            return UNKNOWN;
          }
        } else if (leaf instanceof ClassTree) {
          if (!isMemberOfLocalClass(path)) {
            return UNKNOWN;
          }
          // An anonymous class's instance initializers run where its instance is created.
          crossedOtherCode |= !initializesAnonymousInstance(path, site);
          continue;
        } else {
          continue;
        }
        boolean declaresScope = scope.region() == leaf;
        path = functionPath; // An anonymous class: go on from the instance creation.
        ExpressionTree function = (ExpressionTree) functionPath.getLeaf();
        Optional<DeferredAction> action = api.deferredAction(function, functionPath, state);
        if (action.isPresent()) {
          Optional<ScopeRef> registeredOn = action.get().scope();
          if (declaresScope) {
            return handedToItsOwnAction(action.get(), scope, functionPath, crossedOtherCode);
          }
          if (registeredOn.isEmpty()) {
            return UNKNOWN;
          }
          if (registeredOn.get().sameScopeAs(scope)) {
            return crossedOtherCode ? nested(scope) : IN_ACTION;
          }
          if (!registeredOn.get().openedHere()) {
            return UNKNOWN;
          }
          if (otherAction == null) {
            otherAction = action.get();
            directlyInOtherAction = !crossedFunction;
          }
        } else if (api.openerOfBody(function, functionPath, state).isPresent()) {
          if (declaresScope) {
            return crossedOtherCode ? UNKNOWN : inBody(scope, otherAction, directlyInOtherAction);
          }
        } else if (declaresScope) {
          return UNKNOWN;
        } else {
          crossedOtherCode = true;
        }
        crossedFunction = true;
      }
      return UNKNOWN;
    }

    private static Placement inBody(
        ScopeRef scope, @Nullable DeferredAction otherAction, boolean directlyInOtherAction) {
      return otherAction == null
          ? of(Kind.IN_BODY, "in the body of scope `" + scope.name() + "`")
          : new Placement(
              Kind.IN_OTHER_ACTION,
              "in a deferred action of `" + otherAction.scope().get().name() + "`",
              otherAction,
              directlyInOtherAction,
              null);
    }

    /** {@code s.defer(t -> t.recover(), s)}: fine when the action gets its own scope. */
    private Placement handedToItsOwnAction(
        DeferredAction action, ScopeRef scope, TreePath actionPath, boolean crossedOtherCode) {
      if (!handsItsOwnScope(action, scope.parameterIndex(), actionPath)) {
        return UNKNOWN;
      }
      return crossedOtherCode ? nested(action.scope().get()) : IN_ACTION;
    }

    /**
     * Whether the value that parameter {@code parameter} of {@code action} (at {@code where}) gets
     * is the scope the action is registered on.
     */
    private boolean handsItsOwnScope(DeferredAction action, int parameter, TreePath where) {
      Optional<ScopeRef> handedIn =
          action.argumentFor(parameter).flatMap(value -> api.resolveScope(value, where, state));
      return handedIn.isPresent()
          && action.scope().isPresent()
          && handedIn.get().sameScopeAs(action.scope().get());
    }

    private static Placement nested(ScopeRef scope) {
      return of(
          Kind.NESTED,
          "in a lambda or class nested inside a deferred action of `" + scope.name() + "`");
    }

    /**
     * A private helper given the scope as a parameter: fine when every call site is directly in a
     * deferred action of the scope it passes, wrong when some call site is not. One that nothing
     * calls is dead code, whose place no one can tell (and UnusedMethod's business); other methods
     * may be called from anywhere. Neither is decided.
     */
    private Placement helperPlace(
        MethodTree method, TreePath methodPath, ScopeRef scope, int depth) {
      MethodSymbol helper = getSymbol(method);
      if (!helper.getModifiers().contains(Modifier.PRIVATE)
          || helper.isConstructor()
          || depth >= MAX_HELPER_DEPTH) {
        return UNKNOWN;
      }
      int parameter = scope.parameterIndex();
      String name = helper.getSimpleName().toString();
      List<TreePath> sites = PrivateCallSites.of(helper, methodPath, state);
      if (sites.isEmpty()) {
        return UNKNOWN;
      }
      boolean allInAction = true;
      for (TreePath site : sites) {
        Placement caller = callerPlace(site, helper, parameter, depth + 1);
        if (caller.isWrong()) {
          return new Placement(
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
      return allInAction ? IN_ACTION : UNKNOWN;
    }

    /** Where a call or method reference of {@code helper} passes a scope to {@code parameter}. */
    private Placement callerPlace(TreePath site, MethodSymbol helper, int parameter, int depth) {
      if (site.getLeaf() instanceof MethodInvocationTree call) {
        boolean inVarargs = helper.isVarArgs() && parameter >= helper.getParameters().size() - 1;
        if (inVarargs || parameter >= call.getArguments().size()) {
          return UNKNOWN;
        }
        return api.resolveScope(call.getArguments().get(parameter), site, state)
            .map(scope -> place(scope, site, depth))
            .orElse(UNKNOWN);
      }
      MemberReferenceTree reference = (MemberReferenceTree) site.getLeaf();
      int functionParameter = parameter + (Functions.isUnbound(reference) ? 1 : 0);
      Optional<DeferredAction> action = api.deferredAction(reference, site, state);
      if (action.isPresent()) {
        return handsItsOwnScope(action.get(), functionParameter, site) ? IN_ACTION : UNKNOWN;
      }
      if (functionParameter == 0 && api.openerOfBody(reference, site, state).isPresent()) {
        String opener = Sources.shortSource(site.getParentPath().getLeaf(), state, 50);
        return of(Kind.IN_BODY, "as the body of a scope (`" + opener + "`)");
      }
      return UNKNOWN;
    }
  }

  /**
   * Whether {@code site} is in an instance initializer or instance field initializer of the
   * anonymous class at {@code classPath} (double-brace initialization).
   */
  private static boolean initializesAnonymousInstance(TreePath classPath, TreePath site) {
    if (!(classPath.getParentPath().getLeaf() instanceof NewClassTree)) {
      return false;
    }
    Tree member = null;
    for (TreePath path = site; path.getParentPath() != null; path = path.getParentPath()) {
      if (path.getParentPath().getLeaf() == classPath.getLeaf()) {
        member = path.getLeaf();
        break;
      }
    }
    return (member instanceof BlockTree block && !block.isStatic())
        || (member instanceof VariableTree field
            && !field.getModifiers().getFlags().contains(Modifier.STATIC));
  }

  /** Whether the class or method at {@code path} belongs to a local or anonymous class. */
  private static boolean isMemberOfLocalClass(TreePath path) {
    TreePath classPath = path.getLeaf() instanceof ClassTree ? path : path.getParentPath();
    TreePath outside = classPath == null ? null : classPath.getParentPath();
    return outside != null
        && !(outside.getLeaf() instanceof ClassTree)
        && !(outside.getLeaf() instanceof CompilationUnitTree);
  }
}
