package io.github.deferlint.checks.util;

/** Where the checks' pages live; {@code @BugPattern(link = ...)} needs a constant. */
public final class Docs {
  public static final String CHECKS =
      "https://github.com/deferlint/deferlint/blob/main/docs/checks/";

  private Docs() {}
}
