package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.getSymbol;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import io.github.deferlint.checks.flow.ExitRegistrations;
import io.github.deferlint.checks.flow.FailedDeletion;
import io.github.deferlint.checks.flow.Repetition;
import io.github.deferlint.checks.model.JvmLifetimeApi;
import io.github.deferlint.checks.model.JvmLifetimeApi.Kind;
import io.github.deferlint.checks.model.JvmLifetimeApi.LifetimeRegistration;
import io.github.deferlint.checks.util.Captures;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.SourceEdits;
import io.github.deferlint.checks.util.Sources;
import java.util.Optional;
import javax.inject.Inject;

/**
 * Flags registrations that last until the JVM exits ({@code deleteOnExit}, {@code addShutdownHook},
 * Netty's {@code releaseLater}, and user-declared ones) made in code that runs many times: Go's
 * defers piling up in a function that never returns, the function being the JVM.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A registration kept until the JVM exits, made in code that runs many times, keeps one"
            + " more path, thread or object with every run",
    severity = WARNING,
    linkType = CUSTOM,
    link = Docs.CHECKS + "JvmLifetimeRegistration.md")
public final class JvmLifetimeRegistration extends BugChecker
    implements MethodInvocationTreeMatcher, MemberReferenceTreeMatcher {
  private static final int SOURCE_IN_MESSAGE = 70;

  private final JvmLifetimeApi api;

  /**
   * For ServiceLoader, which Error Prone uses to find plugins; Error Prone itself injects flags.
   */
  public JvmLifetimeRegistration() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public JvmLifetimeRegistration(ErrorProneFlags flags) {
    this.api = JvmLifetimeApi.fromFlags(flags);
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
        () -> api.registration(call, state).map(r -> check(r, state)).orElse(NO_MATCH));
  }

  /**
   * {@code File::deleteOnExit}, as in {@code files.forEach(File::deleteOnExit)}: one more path with
   * every file it is applied to, wherever it is (as a lambda is, it is a function run any number of
   * times).
   */
  @Override
  public Description matchMemberReference(MemberReferenceTree reference, VisitorState state) {
    if (!reference.getName().contentEquals("deleteOnExit")) {
      return NO_MATCH;
    }
    return Crashproof.match(
        this,
        reference,
        state,
        () ->
            JvmLifetimeApi.deletesEachOnExit(reference, state)
                ? buildDescription(reference)
                    .setMessage(
                        String.format(
                            "`%s` keeps the path of every file it is applied to in the JVM's"
                                + " delete-on-exit set until the JVM exits: one more path with"
                                + " every file. Delete the files when done with them instead:"
                                + " `Files.deleteIfExists(path)` in a `finally`, or in a deferral"
                                + " scope's `defer`.",
                            Sources.shortSource(reference, state, SOURCE_IN_MESSAGE)))
                    .build()
                : NO_MATCH);
  }

  private Description check(LifetimeRegistration registration, VisitorState state) {
    if (ExitRegistrations.harmless(registration, api, state)) {
      return NO_MATCH;
    }
    Optional<Repetition.Reason> repeated = Repetition.of(state.getPath(), state);
    if (repeated.isEmpty()) {
      return NO_MATCH;
    }
    Optional<BlockTree> deletedLater = ExitRegistrations.deletedInFinally(registration, state);
    Description.Builder finding =
        buildDescription(registration.call())
            .setMessage(message(registration, repeated.get(), deletedLater, state));
    deletedLater.ifPresent(
        unused ->
            finding.addFix(
                SourceEdits.deleteStatement(state.getPath().getParentPath().getLeaf(), state)));
    return finding.build();
  }

  // ---------------------------------------------------------------------------------------------
  // The message

  private static String message(
      LifetimeRegistration registration,
      Repetition.Reason repeated,
      Optional<BlockTree> deletedLater,
      VisitorState state) {
    Kind kind = registration.kind();
    ExpressionTree kept = registration.kept();
    String keptSource = kept == null ? "this" : Sources.shortSource(kept, state, SOURCE_IN_MESSAGE);
    ClassTree site = state.findEnclosing(ClassTree.class);
    boolean capturesThis =
        kind == Kind.SHUTDOWN_HOOK
            && kept != null
            && site != null
            && Captures.capturesThis(kept, getSymbol(site), state.getTypes());
    Optional<FailedDeletion.OtherFile> otherFile =
        kind == Kind.DELETE_ON_EXIT && kept != null
            ? FailedDeletion.lastResortOfAnother(kept, state.getPath(), state)
            : Optional.empty();
    String advice =
        deletedLater.isPresent()
            ? "The `finally` on line "
                + Sources.lineOf(deletedLater.get(), state)
                + " deletes the file already: remove the `deleteOnExit()` call"
            : otherFile.isPresent()
                ? String.format(
                    "The `if` on line %d tests whether deleting `%s` failed, not `%s`: if this is"
                        + " the last resort for `%s`, register that file instead",
                    Sources.lineOf(otherFile.get().test(), state),
                    Sources.shortSource(otherFile.get().file(), state, SOURCE_IN_MESSAGE),
                    keptSource,
                    Sources.shortSource(otherFile.get().file(), state, SOURCE_IN_MESSAGE))
                : JvmLifetimeApi.advice(
                    kind,
                    keptSource,
                    registration.kept() == null
                        ? keptSource
                        : JvmLifetimeApi.pathSource(registration.kept(), state, SOURCE_IN_MESSAGE),
                    kind == Kind.DELETE_ON_EXIT
                        && kept != null
                        && ExitRegistrations.isDirectory(kept, state));
    return String.format(
        "`%s` %s, and it is made %s: one more %s with every %s. %s.",
        Sources.shortSource(registration.call(), state, SOURCE_IN_MESSAGE),
        JvmLifetimeApi.keeps(
            kind, keptSource, capturesThis ? site.getSimpleName().toString() : null),
        repeated.where(),
        JvmLifetimeApi.unit(kind),
        repeated.each(),
        advice);
  }
}
