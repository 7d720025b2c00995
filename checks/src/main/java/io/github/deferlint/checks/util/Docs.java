package io.github.deferlint.checks.util;

/** Where the project's pages live; {@code @BugPattern(link = ...)} needs a constant. */
public final class Docs {
  private static final String REPOSITORY = "https://github.com/deferlint/deferlint";

  /** The folder of the checks' pages: {@code CHECKS + "Name.md"}. */
  public static final String CHECKS = REPOSITORY + "/blob/main/docs/checks/";

  /** Where to report a check that fails or cries wolf. */
  public static final String ISSUES = REPOSITORY + "/issues";

  private Docs() {}
}
