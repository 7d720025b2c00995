package io.github.deferlint.cli;

import java.util.Arrays;

/**
 * Lines and columns of a source file's text, from the character offsets javac reports. Columns
 * count characters from 1 (a tab is one column), as SARIF's default {@code utf16CodeUnits} does.
 */
final class SourceText {
  private final CharSequence text;
  private final int[] lineStarts;

  SourceText(CharSequence text) {
    this.text = text;
    int[] starts = new int[16];
    int lines = 0;
    starts[lines++] = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lineBreak =
          c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
      if (lineBreak) {
        if (lines == starts.length) {
          starts = Arrays.copyOf(starts, lines * 2);
        }
        starts[lines++] = i + 1;
      }
    }
    lineStarts = Arrays.copyOf(starts, lines);
  }

  /** The whole text. */
  String content() {
    return text.toString();
  }

  /** The 1-based line holding {@code offset}. */
  int line(int offset) {
    int index = Arrays.binarySearch(lineStarts, clamp(offset));
    return index >= 0 ? index + 1 : -index - 1;
  }

  /** The 1-based column of {@code offset} on its line. */
  int column(int offset) {
    return clamp(offset) - lineStarts[line(offset) - 1] + 1;
  }

  /** The text of the 1-based {@code line}, without its line terminator. */
  String lineText(int line) {
    int start = lineStarts[line - 1];
    int end = line < lineStarts.length ? lineStarts[line] : text.length();
    while (end > start && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.subSequence(start, end).toString();
  }

  private int clamp(int offset) {
    return Math.max(0, Math.min(offset, text.length()));
  }
}
