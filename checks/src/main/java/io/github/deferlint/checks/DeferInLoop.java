package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static java.util.Objects.requireNonNull;

import com.google.auto.service.AutoService;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import io.github.deferlint.checks.fix.PerIterationScopeFix;
import io.github.deferlint.checks.flow.Loops;
import io.github.deferlint.checks.flow.Loops.Loop;
import io.github.deferlint.checks.model.ApiWords;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.DeferApi.RegistrationKind;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.model.ScopeRef;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.Sources;
import io.github.deferlint.checks.util.Variables;
import java.util.Optional;
import javax.inject.Inject;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Flags registrations made on every iteration of a loop on a scope opened outside it: Go's {@code
 * defer} in a {@code for} loop, whose calls pile up until the function returns.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A registration inside a loop adds a deferred action on every iteration, and none of them"
            + " runs before the scope ends",
    severity = WARNING,
    linkType = CUSTOM,
    link = Docs.CHECKS + "DeferInLoop.md")
public final class DeferInLoop extends BugChecker
    implements MethodInvocationTreeMatcher, MemberReferenceTreeMatcher {
  private final DeferApi api;

  /**
   * For ServiceLoader, which Error Prone uses to find plugins; Error Prone itself injects flags.
   */
  public DeferInLoop() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public DeferInLoop(ErrorProneFlags flags) {
    this.api = DeferApi.fromFlags(flags);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
    if (!api.mayRegister(call)) {
      return NO_MATCH; // By name alone: code without these calls resolves no symbol here.
    }
    return Crashproof.match(
        this,
        call,
        state,
        () ->
            api.registration(call, state)
                .map(registration -> check(call, getReceiver(call), registration.kind(), state))
                .orElse(NO_MATCH));
  }

  /** {@code paths.forEach(scope::defer)}: the reference registers once per element. */
  @Override
  public Description matchMemberReference(MemberReferenceTree reference, VisitorState state) {
    return Crashproof.match(
        this,
        reference,
        state,
        () ->
            api.registrationKind(reference, state)
                .map(kind -> check(reference, reference.getQualifierExpression(), kind, state))
                .orElse(NO_MATCH));
  }

  private Description check(
      ExpressionTree registration,
      ExpressionTree receiver,
      RegistrationKind kind,
      VisitorState state) {
    Optional<ScopeRef> scope =
        receiver == null ? Optional.empty() : api.resolveScope(receiver, state.getPath(), state);
    Optional<ImmutableList<Loop>> loops =
        scope.flatMap(s -> Loops.around(state.getPath(), s.region(), api, state));
    Optional<Loop> repeating =
        loops.flatMap(around -> around.stream().filter(loop -> loop.repeats(state)).findFirst());
    if (repeating.isEmpty() || registersTheElement(registration, repeating.get(), state)) {
      return NO_MATCH;
    }
    Optional<Loop> endless = loops.get().stream().filter(loop -> loop.isEndless(state)).findFirst();
    ApiWords words = api.words(scope.get().variable().type, state);
    return buildDescription(registration)
        .setMessage(
            message(registration, kind, scope.get(), repeating.get(), endless, words, state))
        .addAllFixes(
            PerIterationScopeFix.offer(repeating.get(), scope.get(), registration, api, state)
                .stream()
                .toList())
        .build();
  }

  /**
   * Whether the iteration only registers what the loop iterates over, elements of a collection that
   * exist before the loop: the close-all idiom ({@code for (Resource r : resources)
   * closer.register(r)}, {@code resources.forEach(scope::closing)}) opens nothing per iteration,
   * and what it keeps grows with a collection the program already holds. An iteration that also
   * uses the element ({@code lock.lock(); scope.defer(lock::unlock)}) acquires what it registers.
   */
  private boolean registersTheElement(ExpressionTree registration, Loop loop, VisitorState state) {
    if (registration instanceof MemberReferenceTree) {
      return loop.loop() == registration && loop.iteratesACollection(state);
    }
    ImmutableSet<Symbol> elements = loop.existingElements(state);
    Optional<Registration> registered =
        api.registration((MethodInvocationTree) registration, state);
    return registered.isPresent()
        && elements.contains(registeredObject(registered.get()))
        && !usedOutside(elements, registration, loop.body());
  }

  /** Whether code of {@code body} other than {@code registration} uses one of {@code elements}. */
  private static boolean usedOutside(
      ImmutableSet<Symbol> elements, Tree registration, @Nullable Tree body) {
    boolean[] used = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public @Nullable Void scan(@Nullable Tree tree, Void unused) {
        return tree == registration ? null : super.scan(tree, null);
      }

      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        used[0] |= elements.contains(getSymbol(identifier));
        return null;
      }
    }.scan(body, null);
    return used[0];
  }

  /**
   * The variable holding what a registration keeps: the resource of {@code closing(r)}, the
   * receiver of {@code defer(r::close)}, the first value of {@code defer(Resource::close, r)}.
   */
  private static @Nullable Symbol registeredObject(Registration registration) {
    ExpressionTree action = registration.action();
    if (registration.kind() == RegistrationKind.CLOSING) {
      return Variables.variableNamed(action);
    }
    Optional<ExpressionTree> receiver = Functions.boundReceiver(action);
    if (receiver.isPresent()) {
      return Variables.variableNamed(receiver.get());
    }
    return action instanceof MemberReferenceTree reference
            && Functions.isUnbound(reference)
            && !registration.values().isEmpty()
        ? Variables.variableNamed(registration.values().get(0))
        : null;
  }

  private static String message(
      ExpressionTree registration,
      RegistrationKind kind,
      ScopeRef scope,
      Loop loop,
      Optional<Loop> endless,
      ApiWords words,
      VisitorState state) {
    boolean closing = kind == RegistrationKind.CLOSING;
    String registers =
        String.format(
            "`%s` registers %s %s on line %d",
            Sources.shortSource(registration, state, 60),
            closing ? "a resource" : "an action",
            loop.isForEach()
                ? "for every element of the forEach"
                : "on every iteration of the loop",
            loop.line(state));
    String happens;
    if (endless.isPresent()) {
      happens =
          String.format(
              "%s, which never ends (only an exception leaves it): the %s and their list grows"
                  + " without bound.",
              endless.get() == loop
                  ? ""
                  : String.format(", inside the loop on line %d", endless.get().line(state)),
              closing ? "resources are never closed" : "actions never run");
    } else {
      happens =
          String.format(
              ", and none %s before %s ends: they pile up and %s until then.",
              closing ? "is closed" : "runs",
              scopeName(scope, state),
              closing ? "stay open" : "hold what they release");
    }
    return registers + happens + " " + remedy(scope, words);
  }

  /** What to do, in the API's words: a scope per iteration, opened as the API opens one. */
  private static String remedy(ScopeRef scope, ApiWords words) {
    return words
        .perIterationOpening(scope.shape() == ScopeRef.Shape.TRY_LOCAL)
        .map(
            opening ->
                opening == ApiWords.Opening.TRY
                    ? String.format(
                        "Open a %s per iteration instead (wrap the loop body in %s).",
                        words.scopeType(), words.perIterationScope(opening))
                    : String.format(
                        "Register on a scope opened per iteration instead (wrap the loop body in"
                            + " %s).",
                        words.perIterationScope(opening)))
        .orElse("Register on a scope opened per iteration instead.");
  }

  /** What opens a scope opened right here: an inline body's opener, or a local's try. */
  private static Tree opening(ScopeRef scope) {
    return requireNonNull(scope.opening(), "only a scope handed in has no opening");
  }

  private static String scopeName(ScopeRef scope, VisitorState state) {
    return switch (scope.shape()) {
      case INLINE_BODY ->
          String.format("the scope opened on line %d", Sources.lineOf(opening(scope), state));
      case TRY_LOCAL ->
          String.format(
              "the try on line %d that closes `%s`",
              Sources.lineOf(opening(scope), state), scope.name());
      case HANDED_IN ->
          scope.region() instanceof MethodTree
              ? String.format("the caller's scope `%s`", scope.name())
              : String.format("the scope passed in as `%s`", scope.name());
    };
  }
}
