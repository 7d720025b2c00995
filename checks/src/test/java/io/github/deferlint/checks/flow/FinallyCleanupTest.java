package io.github.deferlint.checks.flow;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodInvocationTree;
import org.junit.jupiter.api.Test;

/**
 * FinallyCleanup, through a checker that flags each {@code use();} statement after which a {@code
 * finally} runs {@code clean()} on every path.
 */
final class FinallyCleanupTest {
  /** Flags {@code use()} statements that a finally running {@code clean()} covers. */
  @BugPattern(summary = "cleaned up in a finally", severity = WARNING)
  public static final class Cleaned extends BugChecker implements MethodInvocationTreeMatcher {
    @Override
    public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
      if (!call.getMethodSelect().toString().equals("use")) {
        return NO_MATCH;
      }
      return FinallyCleanup.after(
                  state.getPath().getParentPath(),
                  tree ->
                      tree instanceof MethodInvocationTree clean
                          && clean.getMethodSelect().toString().equals("clean"))
              .isPresent()
          ? describeMatch(call)
          : NO_MATCH;
    }
  }

  @Test
  void coveredAndNot() {
    CompilationTestHelper.newInstance(Cleaned.class, getClass())
        .addSourceLines(
            "Cleanups.java",
            "class Cleanups {",
            "  static void use() {}",
            "  static boolean clean() { return true; }",
            "  static void work() {}",
            "  void f(boolean keep) {",
            "    // BUG: Diagnostic contains: cleaned up",
            "    use();",
            "    try { work(); } finally { clean(); }",
            "    try {",
            "      // BUG: Diagnostic contains: cleaned up",
            "      use();",
            "    } finally {",
            "      if (!clean()) { work(); }",
            "    }",
            "    try {",
            "      if (keep) {",
            "        // BUG: Diagnostic contains: cleaned up",
            "        use();",
            "      }",
            "    } finally {",
            "      boolean cleaned = clean();",
            "    }",
            "    use();", // something runs in between
            "    work();",
            "    try { work(); } finally { clean(); }",
            "    use();", // the cleanup is conditional
            "    try { work(); } finally { if (keep) { clean(); } }",
            "    try { work(); } catch (RuntimeException e) {",
            "      use();", // in the catch, not the body
            "    } finally { clean(); }",
            "    try { work(); } finally { clean(); }",
            "    use();", // after the try
            "    work();",
            "    try {",
            "      Runnable later = () -> use();", // runs later
            "    } finally { clean(); }",
            "  }",
            "}")
        .doTest();
  }
}
