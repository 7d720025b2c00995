package io.github.deferlint.checks;

import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;

/**
 * A checker that asks an analysis about the argument of each {@code probe(x)} call in a test source
 * and reports the answer as its message, so that an analysis is tested on its own with {@code //
 * BUG: Diagnostic contains: <answer>} markers, as Error Prone tests its HeldLockAnalyzer. A probe
 * whose answer is null reports nothing. Test sources declare {@code static void probe(Object...
 * values) {}}.
 */
public abstract class Probe extends BugChecker implements MethodInvocationTreeMatcher {

  /** The answer about the first argument of {@code probe} (at {@code argument}), or null. */
  protected abstract String answer(TreePath argument, VisitorState state);

  @Override
  public final Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
    if (!call.getMethodSelect().toString().equals("probe") || call.getArguments().isEmpty()) {
      return Description.NO_MATCH;
    }
    String answer = answer(new TreePath(state.getPath(), call.getArguments().get(0)), state);
    return answer == null
        ? Description.NO_MATCH
        : buildDescription(call).setMessage("probe: " + answer).build();
  }
}
