package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.getType;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.LambdaExpressionTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.fix.NamedResultFix;
import io.github.deferlint.checks.flow.ControlFlow;
import io.github.deferlint.checks.flow.NullDereferences;
import io.github.deferlint.checks.flow.NullDereferences.Dereference;
import io.github.deferlint.checks.flow.Recoveries;
import io.github.deferlint.checks.model.ApiWords;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.DeferApi.RegistrationKind;
import io.github.deferlint.checks.model.InlineAction;
import io.github.deferlint.checks.model.InlineBody;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.Sources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;

/**
 * Flags the value of a scope body without a named result ({@code Defer.call}) that the caller
 * unboxes or dereferences unchecked, while a deferred action may recover: after a recovery the
 * opener returns null, where Go's recovered function returns its zero values.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A deferred action may recover a panic, after which the opener returns null, and the"
            + " caller unboxes or dereferences what it returns without a null check",
    severity = WARNING,
    linkType = CUSTOM,
    link = Docs.CHECKS + "RecoveredCallReturnsNull.md")
public final class RecoveredCallReturnsNull extends BugChecker
    implements LambdaExpressionTreeMatcher {
  private final DeferApi api;

  /** For ServiceLoader, which Error Prone uses to find plugins; Error Prone injects the flags. */
  public RecoveredCallReturnsNull() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public RecoveredCallReturnsNull(ErrorProneFlags flags) {
    this.api = DeferApi.fromFlags(flags);
  }

  @Override
  public Description matchLambdaExpression(LambdaExpressionTree lambda, VisitorState state) {
    return Crashproof.match(this, lambda, state, () -> check(state));
  }

  /**
   * The body's value is the opener's and no named result says what it is after a recovery; a
   * deferred action on its scope may recover and complete normally; and the code around the opener
   * unboxes or dereferences its value on some path before any null check.
   */
  private Description check(VisitorState state) {
    TreePath bodyPath = state.getPath();
    InlineBody body =
        api.inlineBody(bodyPath, state)
            .filter(b -> b.returnsValue() && b.namedResult().isEmpty())
            .filter(b -> !isVoid(getType(b.opener()), state))
            .orElse(null);
    Optional<MethodInvocationTree> recovery =
        body == null ? Optional.empty() : recovery(body, bodyPath, state);
    if (recovery.isEmpty()) {
      return NO_MATCH;
    }
    TreePath around = ControlFlow.enclosingBody(bodyPath.getParentPath());
    ControlFlowGraph graph = around == null ? null : ControlFlow.graph(around, state);
    Optional<Dereference> use =
        graph == null ? Optional.empty() : NullDereferences.first(graph, body.opener(), state);
    if (use.isEmpty()) {
      return NO_MATCH;
    }
    ApiWords words = api.words(body.scope().type, state);
    Optional<SuggestedFix> fix =
        words
            .namedOpener()
            .filter(named -> use.get().unboxing())
            .flatMap(named -> NamedResultFix.offer(body, bodyPath, named, state));
    state.reportMatch(
        buildDescription(body.opener())
            .setMessage(message(body, recovery.get(), use.get(), words, state))
            .addFix(fix)
            .build());
    return NO_MATCH;
  }

  /**
   * The registration of a deferred action on the body's scope that may stop a throwable and
   * complete normally: one that recovers in its own code ({@link Recoveries}), or {@code
   * scope::recover} itself.
   */
  private Optional<MethodInvocationTree> recovery(
      InlineBody body, TreePath bodyPath, VisitorState state) {
    for (TreePath registration : registrationsOnScope(body, bodyPath, state)) {
      Registration deferral =
          api.registration((MethodInvocationTree) registration.getLeaf(), state).orElseThrow();
      ExpressionTree action = stripParentheses(deferral.action());
      if (action instanceof MemberReferenceTree reference
          && api.isRecoverMethod(getSymbol(reference), state)) {
        return Optional.of(deferral.call()); // scope.defer(scope::recover): Go's defer recover().
      }
      Optional<InlineAction> inline =
          InlineAction.of(action, registration, state).filter(code -> callsRecover(code, state));
      ControlFlowGraph graph =
          inline.map(code -> ControlFlow.graph(code.runs(), state)).orElse(null);
      if (graph != null
          && Recoveries.completingNormally(
                  graph, call -> recoversOn(body, call, inline.get().runs(), state))
              .isPresent()) {
        return Optional.of(deferral.call());
      }
    }
    return Optional.empty();
  }

  /** The deferrals on the body's scope, anywhere in the body, in source order. */
  private List<TreePath> registrationsOnScope(
      InlineBody body, TreePath bodyPath, VisitorState state) {
    List<TreePath> registrations = new ArrayList<>();
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        api.registrationOn(call, body.scope(), getCurrentPath(), state)
            .filter(registration -> registration.kind() == RegistrationKind.DEFER)
            .ifPresent(registration -> registrations.add(getCurrentPath()));
        return super.visitMethodInvocation(call, unused);
      }
    }.scan(new TreePath(bodyPath, body.lambda().getBody()), null);
    return registrations;
  }

  /** Whether the action's own code calls {@code recover()}: the cheap test before its graph. */
  private boolean callsRecover(InlineAction action, VisitorState state) {
    boolean[] calls = {false};
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        calls[0] |= api.isRecover(call, state);
        return calls[0] ? null : super.visitMethodInvocation(call, unused);
      }
    }.scan(action.code(), null);
    return calls[0];
  }

  /** Whether {@code call} (in the action at {@code action}) recovers on the body's scope. */
  private boolean recoversOn(
      InlineBody body, MethodInvocationTree call, TreePath action, VisitorState state) {
    ExpressionTree receiver = getReceiver(call);
    TreePath path = receiver == null ? null : TreePath.getPath(action, call);
    return api.isRecover(call, state)
        && path != null
        && api.resolveScope(receiver, path, state)
            .filter(scope -> scope.variable().equals(body.scope()))
            .isPresent();
  }

  private static boolean isVoid(Type type, VisitorState state) {
    Type boxedVoid = state.getTypeFromString("java.lang.Void");
    return type == null || (boxedVoid != null && state.getTypes().isSameType(type, boxedVoid));
  }

  // ---------------------------------------------------------------------------------------------
  // The finding

  private static String message(
      InlineBody body, Tree recovery, Dereference use, ApiWords words, VisitorState state) {
    MethodSymbol opener = getSymbol(body.opener());
    String openerName = opener.owner.getSimpleName() + "." + opener.getSimpleName();
    String how = use.unboxing() ? "unboxed" : "dereferenced";
    String what =
        use.value() == body.opener()
            ? "its result is " + how
            : String.format(
                "`%s`, which holds its result, is %s",
                Sources.shortSource(use.value(), state, 30), how);
    String fallback =
        use.unboxing()
            ? NamedResultFix.zeroValue(getType(body.opener()), state).orElse("fallback")
            : "fallback";
    String remedy =
        words
            .namedOpener()
            .map(
                named ->
                    String.format(
                        "Say what the caller gets then with `%s(%s, (%s, result) -> ...)`, check"
                            + " the result for null, or rethrow in the action.",
                        named, fallback, body.lambda().getParameters().get(0).getName()))
            .orElse("Check the result for null, or rethrow in the action.");
    return String.format(
        "After the deferred action on line %d recovers a panic, `%s` returns null (a recovered Go"
            + " function returns its zero values), and %s on line %d without a null check: a"
            + " NullPointerException there instead of the panic. %s",
        Sources.lineOf(recovery, state),
        openerName,
        what,
        Sources.lineOf(use.value(), state),
        remedy);
  }
}
