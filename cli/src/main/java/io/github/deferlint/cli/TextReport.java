package io.github.deferlint.cli;

/**
 * The compiler-style report that editors and reviewdog parse: {@code path:line:column: severity:
 * [Check] message}, then the source line and a caret under the flagged code, and a summary line.
 */
final class TextReport {
  private TextReport() {}

  static String render(Report report, boolean withSummary) {
    StringBuilder text = new StringBuilder();
    for (Finding finding : report.findings()) {
      text.append(finding.displayPath())
          .append(':')
          .append(finding.line())
          .append(':')
          .append(finding.column())
          .append(": ")
          .append(finding.severity().label())
          .append(": [")
          .append(finding.check())
          .append("] ")
          .append(finding.message())
          .append('\n');
      text.append(finding.sourceLine()).append('\n');
      int end = finding.endLine() == finding.line() ? finding.endColumn() : Integer.MAX_VALUE;
      text.append(caretLine(finding.sourceLine(), finding.column(), end)).append('\n');
    }
    if (withSummary) {
      text.append(report.summary()).append('\n');
    }
    return text.toString();
  }

  /** javac's error lines, with their source line and caret, then the lines of detail. */
  @SuppressWarnings("StringSplitter") // Dropping a message's trailing empty lines is meant.
  static String render(CompileError error) {
    StringBuilder text = new StringBuilder();
    if (error.displayPath() != null) {
      text.append(error.displayPath()).append(':');
      if (error.line() > 0) {
        text.append(error.line()).append(':').append(error.column()).append(':');
      }
      text.append(' ');
    }
    String[] lines = error.message().split("\\R");
    text.append("error: ").append(lines[0]).append('\n');
    if (error.sourceLine() != null && error.column() > 0) {
      text.append(error.sourceLine()).append('\n');
      text.append(caretLine(error.sourceLine(), error.column(), error.column() + 1)).append('\n');
    }
    for (int i = 1; i < lines.length; i++) {
      text.append(lines[i]).append('\n');
    }
    return text.toString();
  }

  /**
   * A caret under column {@code start} and tildes up to (excluding) column {@code end} or the end
   * of the line; tabs before the caret are kept so that it lines up however tabs are shown.
   */
  static String caretLine(String sourceLine, int start, int end) {
    StringBuilder caret = new StringBuilder();
    for (int i = 0; i < start - 1; i++) {
      caret.append(i < sourceLine.length() && sourceLine.charAt(i) == '\t' ? '\t' : ' ');
    }
    caret.append('^');
    int last = Math.min(end, sourceLine.length() + 1);
    for (int column = start + 1; column < last; column++) {
      caret.append('~');
    }
    return caret.toString();
  }
}
