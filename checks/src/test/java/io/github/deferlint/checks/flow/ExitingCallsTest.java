package io.github.deferlint.checks.flow;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import org.junit.jupiter.api.Test;

/** Which calls end the JVM: {@link ExitingCalls}, on its own. */
final class ExitingCallsTest {
  /**
   * Reports how each call in a method named {@code calls...} ends the JVM, and through which
   * helper.
   */
  @BugPattern(summary = "exiting calls probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class ExitProbe extends BugChecker implements MethodInvocationTreeMatcher {
    @Override
    public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
      MethodTree method = state.findEnclosing(MethodTree.class);
      if (method == null || !method.getName().toString().startsWith("calls")) {
        return Description.NO_MATCH;
      }
      return ExitingCalls.of(call, state.getPath(), state)
          .map(
              exit ->
                  buildDescription(call)
                      .setMessage(
                          "["
                              + exit.ending()
                              + exit.helper()
                                  .map(helper -> " via " + helper.getSimpleName())
                                  .orElse("")
                              + "]")
                      .build())
          .orElse(Description.NO_MATCH);
    }
  }

  @Test
  void exits() {
    CompilationTestHelper.newInstance(ExitProbe.class, getClass())
        .addSourceLines(
            "Exits.java",
            "class Exits {",
            "  static void log(Object o) {}",
            "  static class Shell { void exit(int status) {} static void halt(int s) {} }",
            "  void calls(Shell shell, Runtime runtime) {",
            "    // BUG: Diagnostic contains: [EXIT]",
            "    System.exit(1);",
            "    // BUG: Diagnostic contains: [EXIT]",
            "    runtime.exit(1);",
            "    // BUG: Diagnostic contains: [HALT]",
            "    Runtime.getRuntime().halt(1);",
            "    shell.exit(1);",
            "    Shell.halt(1);",
            "    // BUG: Diagnostic contains: [EXIT via fatal]",
            "    fatal(\"x\");",
            "    // BUG: Diagnostic contains: [HALT via crash]",
            "    crash();",
            "    // BUG: Diagnostic contains: [EXIT via either]",
            "    either(true);",
            "    // BUG: Diagnostic contains: [EXIT via exitOrThrowAfter]",
            "    exitOrThrowAfter();",
            "    // BUG: Diagnostic contains: [EXIT via caughtThenExits]",
            "    caughtThenExits();",
            "    mayReturn(true);",
            "    mayThrow(true);",
            "    exitsInLambda();",
            "    loopsForever();",
            "    notPrivate();",
            "    // BUG: Diagnostic contains: [EXIT via exitProcess]",
            "    exitProcess(1);",
            "    // BUG: Diagnostic contains: [EXIT via finalExit]",
            "    finalExit();",
            "    callsFatal();",
            "    // A class of the same file beside the caller's: its private method runs, and exits.",
            "    // BUG: Diagnostic contains: [EXIT via nestedExit]",
            "    new Nested().nestedExit();",
            "    new Overridable().mayBeOverridden();",
            "  }",
            "  private static void fatal(String message) {",
            "    log(message);",
            "    System.exit(1);",
            "  }",
            "  private void crash() {",
            "    Runtime.getRuntime().halt(137);",
            "  }",
            "  private void either(boolean hooks) {",
            "    if (hooks) {",
            "      System.exit(1);",
            "    } else {",
            "      Runtime.getRuntime().halt(1);",
            "    }",
            "  }",
            "  private void exitOrThrowAfter() {",
            "    System.exit(2);",
            "    throw new AssertionError();",
            "  }",
            "  private void caughtThenExits() {",
            "    try {",
            "      throw new IllegalStateException();",
            "    } catch (IllegalStateException e) {",
            "      System.exit(3);",
            "    }",
            "  }",
            "  private void mayReturn(boolean fatal) {",
            "    if (fatal) {",
            "      System.exit(1);",
            "    }",
            "  }",
            "  private void mayThrow(boolean fatal) {",
            "    if (fatal) {",
            "      throw new IllegalStateException();",
            "    }",
            "    System.exit(1);",
            "  }",
            "  private void exitsInLambda() {",
            "    Runnable r = () -> System.exit(1);",
            "    r.run();",
            "  }",
            "  private void loopsForever() {",
            "    while (true) {}",
            "  }",
            "  /** Overridable: a subclass's may return. */",
            "  void notPrivate() {",
            "    System.exit(1);",
            "  }",
            "  static void exitProcess(int status) {",
            "    System.exit(status);",
            "  }",
            "  final void finalExit() {",
            "    System.exit(1);",
            "  }",
            "  /** One level deep: a helper that calls a helper is not followed. */",
            "  private void callsFatal() {",
            "    // BUG: Diagnostic contains: [EXIT via fatal]",
            "    fatal(\"again\");",
            "  }",
            "  static class Nested {",
            "    private void nestedExit() {",
            "      System.exit(1);",
            "    }",
            "  }",
            "  static class Overridable {",
            "    void mayBeOverridden() {",
            "      System.exit(1);",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  /**
   * A helper is followed when the call surely runs its body: whatever makes the method or its class
   * final (a record, an enum without constant bodies, an interface's private method), and only in
   * the file being compiled.
   */
  @Test
  void helpersWhoseBodyTheCallRuns() {
    CompilationTestHelper.newInstance(ExitProbe.class, getClass())
        .addSourceLines(
            "Elsewhere.java",
            "final class Elsewhere {",
            "  static void die() {",
            "    System.exit(1);",
            "  }",
            "}")
        .addSourceLines(
            "Shapes.java",
            "class Shapes {",
            "  void calls(String[] args) {",
            "    Elsewhere.die();",
            "    Object copy = args.clone();",
            "  }",
            "  record Config(int status) {",
            "    void calls() {",
            "      // BUG: Diagnostic contains: [EXIT via fail]",
            "      fail();",
            "    }",
            "    void fail() {",
            "      System.exit(status);",
            "    }",
            "  }",
            "  enum Mode {",
            "    STRICT;",
            "    void calls() {",
            "      // BUG: Diagnostic contains: [EXIT via fail]",
            "      fail();",
            "    }",
            "    void fail() {",
            "      System.exit(2);",
            "    }",
            "  }",
            "  enum Overridden {",
            "    STRICT {",
            "      @Override",
            "      void fail() {}",
            "    };",
            "    void calls() {",
            "      fail();",
            "    }",
            "    void fail() {",
            "      System.exit(2);",
            "    }",
            "  }",
            "  interface Tool {",
            "    default void calls() {",
            "      // BUG: Diagnostic contains: [EXIT via fail]",
            "      fail();",
            "      usage();",
            "    }",
            "    private void fail() {",
            "      System.exit(1);",
            "    }",
            "    /** Overridable: an implementation's may return. */",
            "    default void usage() {",
            "      System.exit(64);",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  /**
   * Each unit is first looked at by its text alone: one that calls the JDK's exit by its plain
   * name, statically imported, or spells it in Unicode escapes, is still looked at in full; so is a
   * helper that does.
   */
  @Test
  void unitsThatNameTheExitPlainly() {
    CompilationTestHelper.newInstance(ExitProbe.class, getClass())
        .addSourceLines(
            "Plain.java",
            "import static java.lang.System.exit;",
            "class Plain {",
            "  void calls() {",
            "    // BUG: Diagnostic contains: [EXIT]",
            "    exit(1);",
            "    // BUG: Diagnostic contains: [EXIT via die]",
            "    die();",
            "  }",
            "  private static void die() {",
            "    exit(2);",
            "  }",
            "}")
        .addSourceLines(
            "Escaped.java",
            "class Escaped {",
            "  void calls() {",
            "    // BUG: Diagnostic contains: [EXIT]",
            "    System.\\u0065xit(1);",
            "  }",
            "}")
        .addSourceLines(
            "NoExit.java",
            "class NoExit {",
            "  void calls() {",
            "    Runnable exit = () -> {};",
            "    exit.run();",
            "  }",
            "}")
        .doTest();
  }
}
