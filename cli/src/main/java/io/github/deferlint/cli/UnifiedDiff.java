package io.github.deferlint.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code --fix --dry-run} prints: a unified diff per changed file, with git's {@code a/} and
 * {@code b/} prefixes on the paths as reports show them, so that {@code git apply} (or {@code patch
 * -p1}, from the working directory) applies it.
 */
final class UnifiedDiff {
  private static final int CONTEXT_LINES = 3;

  private UnifiedDiff() {}

  static String of(String displayPath, String original, String revised) {
    List<String> originalLines = lines(original);
    List<String> diff =
        UnifiedDiffUtils.generateUnifiedDiff(
            "a/" + displayPath,
            "b/" + displayPath,
            originalLines,
            DiffUtils.diff(originalLines, lines(revised)),
            CONTEXT_LINES);
    return diff.isEmpty() ? "" : String.join("\n", diff) + "\n";
  }

  /** The lines of {@code text} without their {@code \n} (a {@code \r} before it is kept). */
  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }
}
