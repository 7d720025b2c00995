package io.github.deferlint.checks;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.BugPattern;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.scanner.ScannerSupplier;
import java.util.Comparator;
import java.util.ServiceLoader;

/** The checks this module ships, found the way Error Prone finds plugins: by ServiceLoader. */
final class DeferlintChecks {
  private DeferlintChecks() {}

  static ImmutableList<Class<? extends BugChecker>> all() {
    return ServiceLoader.load(BugChecker.class).stream()
        .map(ServiceLoader.Provider::type)
        .filter(type -> type.getPackageName().equals(DeferlintChecks.class.getPackageName()))
        .sorted(Comparator.comparing(Class::getSimpleName))
        .collect(ImmutableList.toImmutableList());
  }

  /**
   * The flags that make {@code check} report: none for deferlint's own checks; for a variant of one
   * of Error Prone's checks (its first alternative name), that check switched off and the variant
   * on, as the variants' pages tell users. A variant is silent while the original runs.
   */
  static ImmutableList<String> switchedOn(Class<? extends BugChecker> check) {
    BugPattern pattern = check.getAnnotation(BugPattern.class);
    if (!check.getSimpleName().startsWith("DeferAware") || pattern.altNames().length == 0) {
      return ImmutableList.of();
    }
    return ImmutableList.of(
        "-Xep:" + pattern.altNames()[0] + ":OFF",
        "-Xep:"
            + check.getSimpleName()
            + ":"
            + (pattern.severity() == BugPattern.SeverityLevel.ERROR ? "ERROR" : "WARN"));
  }

  static ScannerSupplier scanner() {
    return ScannerSupplier.fromBugCheckerClasses(all());
  }
}
