package io.github.deferlint.checks.flow;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import org.junit.jupiter.api.Test;

/**
 * FinallyCleanup, on its own: whether a {@code finally} runs {@code clean()} on every path after
 * each {@code probe(..);} statement.
 */
final class FinallyCleanupTest {
  /** Answers whether a finally running {@code clean()} covers the {@code probe(..);} statement. */
  @BugPattern(summary = "cleaned up in a finally", severity = WARNING)
  public static final class Cleaned extends Probe {
    @Override
    protected String answer(TreePath argument, VisitorState state) {
      return FinallyCleanup.after(
                  argument.getParentPath().getParentPath(),
                  tree ->
                      tree instanceof MethodInvocationTree clean
                          && clean.getMethodSelect().toString().equals("clean"))
              .isPresent()
          ? "cleaned up in a finally"
          : null;
    }
  }

  @Test
  void coveredAndNot() {
    CompilationTestHelper.newInstance(Cleaned.class, getClass())
        .addSourceLines(
            "Cleanups.java",
            "class Cleanups {",
            "  static void probe(Object... values) {}",
            "  static boolean clean() { return true; }",
            "  static void work() {}",
            "  void f(boolean keep) {",
            "    // BUG: Diagnostic contains: cleaned up",
            "    probe(0);",
            "    try { work(); } finally { clean(); }",
            "    try {",
            "      // BUG: Diagnostic contains: cleaned up",
            "      probe(0);",
            "    } finally {",
            "      if (!clean()) { work(); }",
            "    }",
            "    try {",
            "      if (keep) {",
            "        // BUG: Diagnostic contains: cleaned up",
            "        probe(0);",
            "      }",
            "    } finally {",
            "      boolean cleaned = clean();",
            "    }",
            "    probe(0);", // something runs in between
            "    work();",
            "    try { work(); } finally { clean(); }",
            "    probe(0);", // the cleanup is conditional
            "    try { work(); } finally { if (keep) { clean(); } }",
            "    probe(0);", // what comes first in the finally may throw and skip the cleanup
            "    try { work(); } finally { work(); clean(); }",
            "    probe(0);", // or leave the finally before it
            "    try { work(); } finally { if (keep) { return; } clean(); }",
            "    try { work(); } catch (RuntimeException e) {",
            "      probe(0);", // in the catch, not the body
            "    } finally { clean(); }",
            "    try { work(); } finally { clean(); }",
            "    probe(0);", // after the try
            "    work();",
            "    try {",
            "      Runnable later = () -> probe(0);", // runs later
            "    } finally { clean(); }",
            "  }",
            "}")
        .doTest();
  }
}
