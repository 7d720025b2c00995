package io.github.deferlint.cli;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * One diagnostic of a check. Lines and columns are 1-based; {@code endColumn} is exclusive (the
 * column just after the flagged code), as in SARIF.
 *
 * @param file the source file, absolute
 * @param displayPath the file as reports show it: relative to the working directory when inside it
 * @param sourceLine the text of {@code line}, without its line terminator
 * @param link the check's documentation, or null
 * @param fixable whether the check suggests a fix, which {@code --fix} applies
 */
record Finding(
    Path file,
    String displayPath,
    String check,
    Severity severity,
    String message,
    String link,
    int line,
    int column,
    int endLine,
    int endColumn,
    String sourceLine,
    boolean fixable) {

  static final Comparator<Finding> IN_SOURCE_ORDER =
      Comparator.comparing(Finding::displayPath)
          .thenComparingInt(Finding::line)
          .thenComparingInt(Finding::column)
          .thenComparing(Finding::check);

  /** The baseline's key for this finding: its line's text, blind to indentation and spacing. */
  String fingerprint() {
    return Baseline.fingerprint(sourceLine);
  }
}
