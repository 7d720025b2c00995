package io.github.deferlint.cli;

import com.google.errorprone.BugPattern.SeverityLevel;

/** How serious a finding is, in the words of the text report and of SARIF. */
enum Severity {
  NOTE("note"),
  WARNING("warning"),
  ERROR("error");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  /** {@code error}, {@code warning} or {@code note}: the text report's word and SARIF's level. */
  String label() {
    return label;
  }

  static Severity of(SeverityLevel level) {
    return switch (level) {
      case ERROR -> ERROR;
      case WARNING -> WARNING;
      case SUGGESTION -> NOTE;
    };
  }
}
