package io.github.deferlint.checks.util;

import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.Tree;
import java.util.function.Supplier;

/**
 * Keeps a check's own failure out of the user's build: javac accepted the code, so a check that
 * cannot analyse it reports nothing there rather than failing the compilation. With the system
 * property {@code deferlint.strict=true} (set by this project's tests) the failure propagates, so
 * that it is found and fixed rather than hidden.
 */
public final class Crashproof {
  private static final boolean STRICT = Boolean.getBoolean("deferlint.strict");

  private Crashproof() {}

  /** Runs {@code match} for {@code checker} on {@code tree}; a failure yields no finding. */
  public static Description match(
      BugChecker checker, Tree tree, VisitorState state, Supplier<Description> match) {
    try {
      return match.get();
    } catch (RuntimeException | StackOverflowError | AssertionError e) {
      if (STRICT) {
        throw e;
      }
      return Description.NO_MATCH;
    }
  }
}
