package io.github.deferlint.checks.util;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodInvocationTree;
import org.junit.jupiter.api.Test;

/** A check that fails inside keeps the build alive and says so: {@link Crashproof}. */
final class CrashproofTest {
  /** Fails on every call of a method named {@code boom}. */
  @BugPattern(summary = "fails inside", severity = BugPattern.SeverityLevel.ERROR)
  public static final class FailingCheck extends BugChecker implements MethodInvocationTreeMatcher {
    @Override
    public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
      return Crashproof.match(
          this,
          call,
          state,
          () -> {
            if (call.getMethodSelect().toString().equals("boom")) {
              throw new IllegalStateException("no such node");
            }
            return Description.NO_MATCH;
          });
    }
  }

  private static final String[] SOURCE = {
    "class Code {",
    "  static void boom() {}",
    "  void f() {",
    "    // BUG: Diagnostic contains: deferlint's FailingCheck failed on this code, so it checked"
        + " nothing here (java.lang.IllegalStateException: no such node at",
    "    boom();",
    "  }",
    "}"
  };

  @Test
  void aFailureBecomesANoteOnTheCode() {
    Crashproof.withStrict(
        false,
        () ->
            CompilationTestHelper.newInstance(FailingCheck.class, getClass())
                .addSourceLines("Code.java", SOURCE)
                // An ERROR check's failure is a note: the compilation succeeds.
                .expectResult(com.sun.tools.javac.main.Main.Result.OK)
                .doTest());
  }

  @Test
  void strictModeFailsHard() {
    Crashproof.withStrict(
        true,
        () ->
            assertThrows(
                Throwable.class,
                () ->
                    CompilationTestHelper.newInstance(FailingCheck.class, getClass())
                        .addSourceLines("Code.java", SOURCE)
                        .doTest()));
  }
}
