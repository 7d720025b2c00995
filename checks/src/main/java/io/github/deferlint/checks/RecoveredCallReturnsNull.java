package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.suppliers.Suppliers.typeFromString;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.getType;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.LambdaExpressionTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.suppliers.Supplier;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.fix.NamedResultFix;
import io.github.deferlint.checks.flow.NullDereferences;
import io.github.deferlint.checks.flow.NullDereferences.Dereference;
import io.github.deferlint.checks.flow.Recoveries;
import io.github.deferlint.checks.model.ApiWords;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.InlineBody;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.Sources;
import java.util.Optional;
import javax.inject.Inject;

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
    if (body == null) {
      return NO_MATCH;
    }
    Optional<Registration> recovery = Recoveries.inBody(body, bodyPath, api, state);
    if (recovery.isEmpty()) {
      return NO_MATCH;
    }
    Optional<Dereference> use = NullDereferences.first(bodyPath.getParentPath(), state);
    if (use.isEmpty()) {
      return NO_MATCH;
    }
    ApiWords words = api.words(body.scope().type, state);
    Optional<SuggestedFix> fix =
        words
            .namedOpener()
            .filter(named -> use.get().unboxing())
            .flatMap(named -> NamedResultFix.offer(body, bodyPath, named, state));
    Description.Builder finding =
        buildDescription(body.opener())
            .setMessage(message(body, recovery.get().call(), use.get(), words, state));
    fix.ifPresent(finding::addFix);
    state.reportMatch(finding.build());
    return NO_MATCH;
  }

  private static final Supplier<Type> BOXED_VOID = typeFromString("java.lang.Void");

  private static boolean isVoid(Type type, VisitorState state) {
    Type boxedVoid = BOXED_VOID.get(state);
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
        Sources.reportedLineOf(use.site(), state),
        remedy);
  }
}
