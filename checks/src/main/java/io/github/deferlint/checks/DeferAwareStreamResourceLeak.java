package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.StreamResourceLeak;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodTree;
import io.github.deferlint.checks.model.ClosingRegistrations;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.ErrorProneChecks;
import javax.inject.Inject;

/**
 * Error Prone's {@code StreamResourceLeak}, except that a stream of {@code Files.lines}, {@code
 * list}, {@code walk}, {@code find} or {@code newDirectoryStream} handed to a registration that
 * closes it ({@code scope.closing(Files.lines(path))}) counts as closed. Everything else is Error
 * Prone's own rule and fix, reached through its {@code exemptChange} hook. It answers to Error
 * Prone's names, so that their suppressions keep working; users switch with {@code
 * -Xep:StreamResourceLeak:OFF -Xep:DeferAwareStreamResourceLeak}, in that order.
 */
@AutoService(BugChecker.class)
@BugPattern(
    altNames = {"StreamResourceLeak", "FilesLinesLeak"},
    summary =
        "Streams that encapsulate a closeable resource should be closed: use try-with-resources,"
            + " or register the stream on a scope that closes it (scope.closing(stream))",
    severity = WARNING,
    linkType = CUSTOM,
    link = Docs.CHECKS + "DeferAwareStreamResourceLeak.md")
public final class DeferAwareStreamResourceLeak extends StreamResourceLeak {
  private static final String ORIGINAL = "StreamResourceLeak";

  private final ClosingRegistrations registrations;

  /** For ServiceLoader, which Error Prone uses to find plugins; Error Prone injects the flags. */
  public DeferAwareStreamResourceLeak() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public DeferAwareStreamResourceLeak(ErrorProneFlags flags) {
    this.registrations = new ClosingRegistrations(DeferApi.fromFlags(flags));
  }

  /**
   * Nothing while Error Prone's own check runs: it reports these resources, and the variant, loaded
   * with the plugin, must not report them a second time. It takes over once the original is off.
   */
  @Override
  public Description matchMethod(MethodTree tree, VisitorState state) {
    return ErrorProneChecks.runs(ORIGINAL, state) ? NO_MATCH : super.matchMethod(tree, state);
  }

  /** Called by Error Prone for each resource its rule would report, at that resource. */
  @Override
  protected boolean exemptChange(ExpressionTree resource, VisitorState state) {
    return registrations.exempts(this, resource, state);
  }
}
