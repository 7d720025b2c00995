package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.matchers.method.MethodMatchers.instanceMethod;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.StreamResourceLeak;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.matchers.Matcher;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.model.ClosingRegistrations;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.ErrorProneChecks;
import java.util.regex.Pattern;
import javax.inject.Inject;

/**
 * Error Prone's {@code StreamResourceLeak}, except that a stream of {@code Files.lines}, {@code
 * list}, {@code walk}, {@code find} or {@code newDirectoryStream} handed to a registration that
 * closes it ({@code scope.closing(Files.lines(path))}), or returned to a stream's {@code flatMap},
 * which closes it, counts as closed. Everything else is Error Prone's own rule and fix, reached
 * through its {@code exemptChange} hook. It answers to Error Prone's names, so that their
 * suppressions keep working; users switch with {@code -Xep:StreamResourceLeak:OFF
 * -Xep:DeferAwareStreamResourceLeak}, in that order.
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
    return registrations.exempts(this, resource, state)
        // Crashproof speaks in descriptions: any but NO_MATCH, never reported, means "closed".
        || Crashproof.match(
                this,
                resource,
                state,
                () -> mappedByFlatMap(state.getPath(), state) ? describeMatch(resource) : NO_MATCH)
            != NO_MATCH;
  }

  /**
   * Whether the value at {@code resource} is what a function given to a stream's {@code flatMap}
   * returns: {@code flatMap} closes each stream it maps to once it has taken its elements, as its
   * Javadoc says ({@code dirs.stream().flatMap(dir -> Files.list(dir))}).
   */
  private static boolean mappedByFlatMap(TreePath resource, VisitorState state) {
    Tree child = resource.getLeaf();
    for (TreePath current = resource.getParentPath();
        current != null;
        child = current.getLeaf(), current = current.getParentPath()) {
      Tree parent = current.getLeaf();
      if (parent instanceof LambdaExpressionTree lambda) {
        boolean returned = lambda.getBody() == child || lambda.getBody() instanceof BlockTree;
        return returned
            && current.getParentPath().getLeaf() instanceof MethodInvocationTree call
            && call.getArguments().contains(lambda)
            && FLAT_MAP.matches(call, state);
      }
      boolean passesTheValueOn =
          parent instanceof ReturnTree
              || parent instanceof ParenthesizedTree
              || parent instanceof BlockTree
              || parent instanceof IfTree
              || (parent instanceof TryTree attempt && attempt.getBlock() == child)
              || parent instanceof CatchTree;
      if (!passesTheValueOn) {
        return false;
      }
    }
    return false;
  }

  private static final Matcher<ExpressionTree> FLAT_MAP =
      instanceMethod()
          .onDescendantOf("java.util.stream.BaseStream")
          .withNameMatching(Pattern.compile("flatMap(ToInt|ToLong|ToDouble|ToObj)?"));
}
