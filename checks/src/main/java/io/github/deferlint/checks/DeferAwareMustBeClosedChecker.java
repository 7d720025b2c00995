package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;
import static com.google.errorprone.matchers.Description.NO_MATCH;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.MustBeClosedChecker;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodTree;
import io.github.deferlint.checks.model.ClosingRegistrations;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.ErrorProneChecks;
import javax.inject.Inject;

/**
 * Error Prone's {@code MustBeClosedChecker}, except that a {@code @MustBeClosed} resource handed to
 * a registration that closes it ({@code scope.closing(open())}) counts as closed. Everything else
 * is Error Prone's own rule and fix, reached through its {@code exemptChange} hook. It answers to
 * Error Prone's names, so that their suppressions keep working; users switch with {@code
 * -Xep:MustBeClosedChecker:OFF -Xep:DeferAwareMustBeClosedChecker}, in that order.
 */
@AutoService(BugChecker.class)
@BugPattern(
    altNames = {"MustBeClosedChecker", "MustBeClosed"},
    summary =
        "This method returns a resource which must be closed: use it in a try-with-resources, or"
            + " register it on a scope that closes it (scope.closing(resource))",
    severity = ERROR,
    linkType = CUSTOM,
    link = Docs.CHECKS + "DeferAwareMustBeClosedChecker.md")
public final class DeferAwareMustBeClosedChecker extends MustBeClosedChecker {
  private static final String ORIGINAL = "MustBeClosedChecker";

  private final ClosingRegistrations registrations;

  /** For ServiceLoader, which Error Prone uses to find plugins; Error Prone injects the flags. */
  public DeferAwareMustBeClosedChecker() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public DeferAwareMustBeClosedChecker(ErrorProneFlags flags) {
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

  @Override
  public Description matchClass(ClassTree tree, VisitorState state) {
    return ErrorProneChecks.runs(ORIGINAL, state) ? NO_MATCH : super.matchClass(tree, state);
  }

  /** Called by Error Prone for each resource its rule would report, at that resource. */
  @Override
  protected boolean exemptChange(ExpressionTree resource, VisitorState state) {
    return registrations.exempts(this, resource, state);
  }
}
