package io.github.deferlint.checks.util;

import com.google.errorprone.BugPattern.SeverityLevel;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.Tree;
import java.util.function.Supplier;

/**
 * Keeps a check's own failure out of the user's build, but in sight: javac accepted the code, so a
 * check that cannot analyse it does not fail the compilation; it says so in a note on the code it
 * was looking at, naming the check and the failure, so that it gets reported rather than silently
 * checking nothing. With the system property {@code deferlint.strict=true} (set by this project's
 * tests) the failure propagates instead.
 */
public final class Crashproof {
  private static boolean strict = Boolean.getBoolean("deferlint.strict");

  private Crashproof() {}

  /** Runs {@code match} for {@code checker} on {@code tree}; a failure yields a note. */
  public static Description match(
      BugChecker checker, Tree tree, VisitorState state, Supplier<Description> match) {
    try {
      return match.get();
    } catch (RuntimeException | StackOverflowError | AssertionError e) {
      if (strict) {
        throw e;
      }
      return failureNote(checker, tree, e);
    }
  }

  /** Runs {@code test} with strict mode {@code on}, for the tests of both modes. */
  static void withStrict(boolean on, Runnable test) {
    boolean before = strict;
    strict = on;
    try {
      test.run();
    } finally {
      strict = before;
    }
  }

  // A note, whatever the check's severity: a failing check must never fail the user's build, and
  // -Werror or -Xep:Name:ERROR would turn its own severity into a build failure.
  @SuppressWarnings("RestrictedApi")
  private static Description failureNote(BugChecker checker, Tree tree, Throwable failure) {
    StackTraceElement[] frames = failure.getStackTrace();
    String where = frames.length == 0 ? "" : " at " + frames[0];
    try {
      return checker
          .buildDescription(tree)
          .setMessage(
              String.format(
                  "deferlint's %s failed on this code, so it checked nothing here (%s%s). The build"
                      + " goes on; please report it with this code at %s.",
                  checker.canonicalName(), failure, where, Docs.ISSUES))
          .overrideSeverity(SeverityLevel.SUGGESTION)
          .build();
    } catch (RuntimeException | StackOverflowError e) {
      return Description.NO_MATCH; // Not even a note can be made here: keep the build alive.
    }
  }
}
