package io.github.deferlint.checks.flow;

import static java.util.concurrent.TimeUnit.MINUTES;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/** The graphs of bodies, and the bodies that go without one: {@link ControlFlow}, alone. */
final class ControlFlowTest {
  /**
   * Reports whether the body around {@code probe(x)} has a graph: {@code [graph]}, {@code [none]}.
   */
  @BugPattern(summary = "control flow probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class GraphProbe extends Probe {
    @Override
    protected String answer(TreePath argument, VisitorState state) {
      TreePath body = ControlFlow.enclosingBody(argument);
      return ControlFlow.graph(body, state) == null ? "[none]" : "[graph]";
    }
  }

  /**
   * A {@code while} loop on a constant {@code true} that does nothing would keep the graph builder
   * busy forever (Checker Framework issue 6433); every other loop, however endless, has a graph.
   */
  @Test
  @Timeout(value = 2, unit = MINUTES, threadMode = ThreadMode.SEPARATE_THREAD) // A hang fails.
  void loopsThatDoNothingForeverGoWithoutAGraph() {
    CompilationTestHelper.newInstance(GraphProbe.class, getClass())
        .addSourceLines(
            "Loops.java",
            "class Loops {",
            "  static final boolean FOREVER = true;",
            "  static void probe(Object... values) {}",
            "  void emptyBlock() {",
            "    // BUG: Diagnostic contains: [none]",
            "    probe(1);",
            "    while (true) {}",
            "  }",
            "  void emptyStatement() {",
            "    // BUG: Diagnostic contains: [none]",
            "    probe(1);",
            "    while (true);",
            "  }",
            "  void nestedNothing(boolean done) {",
            "    // BUG: Diagnostic contains: [none]",
            "    probe(1);",
            "    if (done) {",
            "      while ((1 < 2)) { here: { ; } }",
            "    }",
            "  }",
            "  void constantField() {",
            "    // BUG: Diagnostic contains: [none]",
            "    probe(1);",
            "    while (FOREVER) {}",
            "  }",
            "  void forEver() {",
            "    // BUG: Diagnostic contains: [graph]",
            "    probe(1);",
            "    for (;;) {}",
            "  }",
            "  void doForever() {",
            "    // BUG: Diagnostic contains: [graph]",
            "    probe(1);",
            "    do {} while (true);",
            "  }",
            "  void busy(int n) {",
            "    // BUG: Diagnostic contains: [graph]",
            "    probe(1);",
            "    while (true) { n++; }",
            "  }",
            "  void waits(boolean[] done) {",
            "    // BUG: Diagnostic contains: [graph]",
            "    probe(1);",
            "    while (!done[0]) {}",
            "  }",
            "  void inALambdaOnly() {",
            "    // BUG: Diagnostic contains: [graph]",
            "    probe(1);",
            "    Runnable spin = () -> { while (true) {} };",
            "  }",
            "}")
        .doTest();
  }
}
