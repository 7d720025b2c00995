package io.github.deferlint.checks.util;

import com.google.errorprone.ErrorProneOptions;
import com.google.errorprone.VisitorState;

/** What the compilation's Error Prone options say of Error Prone's own checks. */
public final class ErrorProneChecks {
  private ErrorProneChecks() {}

  /**
   * Whether Error Prone's check {@code name} runs in this compilation: named with a severity other
   * than OFF, or not named and not switched off with all the others.
   */
  public static boolean runs(String name, VisitorState state) {
    ErrorProneOptions options = state.errorProneOptions();
    ErrorProneOptions.Severity severity = options.getSeverityMap().get(name);
    return severity == null
        ? !options.isDisableAllChecks()
        : severity != ErrorProneOptions.Severity.OFF;
  }
}
