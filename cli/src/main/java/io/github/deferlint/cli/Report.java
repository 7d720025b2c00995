package io.github.deferlint.cli;

import com.google.errorprone.BugCheckerInfo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a run reports.
 *
 * @param findings the findings to show: all, or the new ones when a baseline is used
 * @param files how many files were checked
 * @param known how many findings the baseline knew, not shown
 * @param enabledChecks the checks that ran, for SARIF's rules
 */
record Report(List<Finding> findings, int files, int known, List<BugCheckerInfo> enabledChecks) {

  /** How many findings each check has, by check name. */
  Map<String, Long> countsByCheck() {
    return findings.stream()
        .collect(Collectors.groupingBy(Finding::check, TreeMap::new, Collectors.counting()));
  }

  /** One line: {@code deferlint: 12 files, 3 findings (DeferEagerArgument: 3)}. */
  String summary() {
    StringBuilder summary = new StringBuilder("deferlint: ").append(count(files, "file"));
    if (findings.isEmpty()) {
      summary.append(known == 0 ? ", no findings" : ", no new findings");
    } else {
      summary
          .append(", ")
          .append(count(findings.size(), known == 0 ? "finding" : "new finding"))
          .append(
              countsByCheck().entrySet().stream()
                  .map(entry -> entry.getKey() + ": " + entry.getValue())
                  .collect(Collectors.joining(", ", " (", ")")));
    }
    if (known > 0) {
      summary.append(", ").append(count(known, "known finding")).append(" in the baseline");
    }
    return summary.toString();
  }

  /** {@code 1 finding}, {@code 2 findings}. */
  static String count(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }
}
