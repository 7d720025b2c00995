package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static java.util.Objects.requireNonNull;

import com.google.auto.service.AutoService;
import com.google.common.collect.ImmutableList;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import io.github.deferlint.checks.fix.PerIterationScopeFix;
import io.github.deferlint.checks.flow.CloseAll;
import io.github.deferlint.checks.flow.Loops;
import io.github.deferlint.checks.flow.Loops.Loop;
import io.github.deferlint.checks.model.ApiWords;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.DeferApi.RegistrationKind;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.model.ScopeRef;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.Sources;
import java.util.Optional;
import javax.inject.Inject;

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
                .map(
                    registration ->
                        check(
                            call,
                            getReceiver(call),
                            registration.kind(),
                            Optional.of(registration),
                            state))
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
                .map(
                    kind ->
                        check(
                            reference,
                            reference.getQualifierExpression(),
                            kind,
                            Optional.empty(),
                            state))
                .orElse(NO_MATCH));
  }

  private Description check(
      ExpressionTree registration,
      ExpressionTree receiver,
      RegistrationKind kind,
      Optional<Registration> registered,
      VisitorState state) {
    Optional<ScopeRef> scope =
        receiver == null ? Optional.empty() : api.resolveScope(receiver, state.getPath(), state);
    Optional<ImmutableList<Loop>> loops =
        scope.flatMap(s -> Loops.around(state.getPath(), s.region(), api, state));
    Optional<Loop> repeating =
        loops.flatMap(around -> around.stream().filter(loop -> loop.repeats(state)).findFirst());
    if (repeating.isEmpty()) {
      return NO_MATCH;
    }
    Loop loop = repeating.get();
    // The close-all idiom (see CloseAll); a forEach given a reference registers each element.
    if (registration instanceof MemberReferenceTree
        && loop.loop() == registration
        && loop.iteratesACollection(state)) {
      return NO_MATCH;
    }
    CloseAll closeAll = CloseAll.of(loop, state);
    boolean registersAnElement =
        registered.filter(r -> closeAll.registersAnElement(r, state)).isPresent();
    if (registersAnElement && !closeAll.usedOutside(registration)) {
      return NO_MATCH;
    }
    Optional<Loop> endless = loops.get().stream().filter(l -> l.isEndless(state)).findFirst();
    ApiWords words = api.words(scope.get().variable().type, state);
    return buildDescription(registration)
        .setMessage(message(registration, kind, scope.get(), loop, endless, words, state))
        .addAllFixes(
            // A scope per iteration would close an element of the collection at the end of its
            // iteration, and a close that throws would leave the later ones open.
            registersAnElement
                ? ImmutableList.of()
                : PerIterationScopeFix.offer(loop, scope.get(), registration, api, state).stream()
                    .toList())
        .build();
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

  /** "a Closer", "an AutoCloseableCloser": the article as the name is read, by its first letter. */
  private static String withArticle(String typeName) {
    return ("AEIOU".indexOf(Character.toUpperCase(typeName.charAt(0))) >= 0 ? "an " : "a ")
        + typeName;
  }

  /** What to do, in the API's words: a scope per iteration, opened as the API opens one. */
  private static String remedy(ScopeRef scope, ApiWords words) {
    return words
        .perIterationOpening(scope.shape() == ScopeRef.Shape.TRY_LOCAL)
        .map(
            opening ->
                opening == ApiWords.Opening.TRY
                    ? String.format(
                        "Open %s per iteration instead (wrap the loop body in %s).",
                        withArticle(words.scopeType()), words.perIterationScope(opening))
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
