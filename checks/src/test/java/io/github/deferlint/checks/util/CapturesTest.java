package io.github.deferlint.checks.util;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.getSymbol;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodInvocationTree;
import org.junit.jupiter.api.Test;

/** Captures, through a checker that flags each {@code keep(x)} whose x holds {@code this}. */
final class CapturesTest {
  /** Flags {@code keep(x)} when x captures the enclosing class's current instance. */
  @BugPattern(summary = "captures this", severity = WARNING)
  public static final class CapturesThis extends BugChecker implements MethodInvocationTreeMatcher {
    @Override
    public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
      return call.getMethodSelect().toString().equals("keep")
              && Captures.capturesThis(
                  call.getArguments().get(0),
                  getSymbol(state.findEnclosing(ClassTree.class)),
                  state.getTypes())
          ? describeMatch(call)
          : NO_MATCH;
    }
  }

  @Test
  void capturesAndNot() {
    CompilationTestHelper.newInstance(CapturesThis.class, getClass())
        .addSourceLines(
            "Holder.java",
            "class Holder {",
            "  static void keep(Object o) {}",
            "  int count;",
            "  static int total;",
            "  void close() {}",
            "  class Inner {}",
            "  static class Nested {}",
            "  void f(Runnable given) {",
            "    // BUG: Diagnostic contains: captures this",
            "    keep(this);",
            "    // BUG: Diagnostic contains: captures this",
            "    keep(new Thread(this::close));",
            "    // BUG: Diagnostic contains: captures this",
            "    keep(new Thread(() -> close()));",
            "    // BUG: Diagnostic contains: captures this",
            "    keep((Runnable) () -> count++);",
            "    // BUG: Diagnostic contains: captures this",
            "    keep(new Inner());",
            "    // BUG: Diagnostic contains: captures this",
            "    keep(new Thread() { public void run() { close(); } });",
            "    // BUG: Diagnostic contains: captures this",
            "    keep(new Thread() { public void run() { Holder.this.close(); } });",
            "    keep(given);",
            "    keep(new Nested());",
            "    keep((Runnable) () -> total++);",
            "    keep(new Thread(() -> System.out.println(\"bye\")));",
            "    keep(new Thread() { public void run() { setName(\"x\"); interrupt(); } });",
            "    keep(new Thread() { public void run() { this.interrupt(); } });",
            "  }",
            "}")
        .doTest();
  }
}
