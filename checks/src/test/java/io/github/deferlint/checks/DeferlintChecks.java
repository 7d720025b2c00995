package io.github.deferlint.checks;

import com.google.common.collect.ImmutableList;
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

  static ScannerSupplier scanner() {
    return ScannerSupplier.fromBugCheckerClasses(all());
  }
}
