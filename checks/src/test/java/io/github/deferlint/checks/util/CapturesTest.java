package io.github.deferlint.checks.util;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.util.ASTHelpers.getSymbol;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.ClassTree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import org.junit.jupiter.api.Test;

/** Captures, on its own: whether the x of each {@code probe(x)} holds {@code this}. */
final class CapturesTest {
  /** Answers whether the x of {@code probe(x)} holds the enclosing class's current instance. */
  @BugPattern(summary = "captures this", severity = WARNING)
  public static final class CapturesThis extends Probe {
    @Override
    protected String answer(TreePath argument, VisitorState state) {
      return Captures.capturesThis(
              argument.getLeaf(), getSymbol(state.findEnclosing(ClassTree.class)), state.getTypes())
          ? "captures this"
          : null;
    }
  }

  @Test
  void capturesAndNot() {
    CompilationTestHelper.newInstance(CapturesThis.class, getClass())
        .addSourceLines(
            "Holder.java",
            "class Holder {",
            "  static void probe(Object... values) {}",
            "  int count;",
            "  static int total;",
            "  void close() {}",
            "  class Inner {}",
            "  static class Nested {}",
            "  void f(Runnable given) {",
            "    // BUG: Diagnostic contains: captures this",
            "    probe(this);",
            "    // BUG: Diagnostic contains: captures this",
            "    probe(new Thread(this::close));",
            "    // BUG: Diagnostic contains: captures this",
            "    probe(new Thread(() -> close()));",
            "    // BUG: Diagnostic contains: captures this",
            "    probe((Runnable) () -> count++);",
            "    // BUG: Diagnostic contains: captures this",
            "    probe(new Inner());",
            "    // BUG: Diagnostic contains: captures this",
            "    probe(new Thread() { public void run() { close(); } });",
            "    // BUG: Diagnostic contains: captures this",
            "    probe(new Thread() { public void run() { Holder.this.close(); } });",
            "    probe(given);",
            "    probe(new Nested());",
            "    probe((Runnable) () -> total++);",
            "    probe(new Thread(() -> System.out.println(\"bye\")));",
            "    probe(new Thread() { public void run() { setName(\"x\"); interrupt(); } });",
            "    probe(new Thread() { public void run() { this.interrupt(); } });",
            "  }",
            "}")
        .doTest();
  }
}
