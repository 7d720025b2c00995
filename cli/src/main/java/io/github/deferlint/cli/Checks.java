package io.github.deferlint.cli;

import com.google.errorprone.BugCheckerInfo;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.scanner.BuiltInCheckerSuppliers;
import com.google.errorprone.scanner.ScannerSupplier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The checks the runner knows: deferlint's, found as {@code BugChecker} services the way javac's
 * Error Prone plugin finds them, and Error Prone's own, which are off unless asked for.
 */
final class Checks {
  static final String DEFERLINT_PACKAGE = "io.github.deferlint.checks";
  private static final String PAGES = "checks/";
  private static final String SERVICES = "META-INF/services/" + BugChecker.class.getName();

  private final List<BugCheckerInfo> deferlint;
  private final ScannerSupplier errorProne = BuiltInCheckerSuppliers.allChecks();

  private Checks(List<BugCheckerInfo> deferlint) {
    this.deferlint = deferlint;
  }

  /**
   * Finds deferlint's checks as javac's Error Prone plugin does, by their {@code BugChecker}
   * service registrations, but reads the registrations instead of asking {@link
   * java.util.ServiceLoader} for the types: it insists on a public no-argument constructor, which a
   * check configured through an {@code @Inject} constructor taking {@code ErrorProneFlags} need not
   * have.
   */
  static Checks discover() {
    ClassLoader loader = Checks.class.getClassLoader();
    List<BugCheckerInfo> found =
        registeredClassNames(loader).stream()
            .filter(name -> name.startsWith(DEFERLINT_PACKAGE + "."))
            .map(name -> BugCheckerInfo.create(load(name, loader)))
            .sorted(Comparator.comparing(BugCheckerInfo::canonicalName))
            .toList();
    if (found.isEmpty()) {
      throw new IllegalStateException("no deferlint checks on the class path");
    }
    return new Checks(found);
  }

  private static Set<String> registeredClassNames(ClassLoader loader) {
    Set<String> names = new TreeSet<>();
    try {
      for (URL registration : Collections.list(loader.getResources(SERVICES))) {
        try (InputStream in = registration.openStream()) {
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .map(line -> line.replaceFirst("#.*", "").strip())
              .filter(line -> !line.isEmpty())
              .forEach(names::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  private static Class<? extends BugChecker> load(String name, ClassLoader loader) {
    try {
      return Class.forName(name, false, loader).asSubclass(BugChecker.class);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("registered check not found: " + name, e);
    }
  }

  /**
   * deferlint's checks at their default severity, plus Error Prone's: its default set when {@code
   * errorProneDefaults}, else all registered but off (so that {@code --check Name:WARN} can turn
   * one on).
   */
  ScannerSupplier scannerSupplier(boolean errorProneDefaults) {
    ScannerSupplier theirs =
        errorProneDefaults
            ? BuiltInCheckerSuppliers.defaultChecks()
            : errorProne.filter(c -> false);
    return ScannerSupplier.fromBugCheckerInfos(deferlint).plus(theirs);
  }

  /**
   * The check named {@code name} (or one of its alternative names), deferlint's or Error Prone's.
   */
  Optional<BugCheckerInfo> named(String name) {
    return deferlint.stream()
        .filter(check -> check.allNames().contains(name))
        .findFirst()
        .or(
            () ->
                errorProne.getAllChecks().values().stream()
                    .filter(check -> check.allNames().contains(name))
                    .findFirst());
  }

  /** deferlint's checks, by name. */
  List<BugCheckerInfo> deferlintChecks() {
    return deferlint;
  }

  String deferlintNames() {
    return deferlint.stream().map(BugCheckerInfo::canonicalName).collect(Collectors.joining(", "));
  }

  /** The check's documentation page bundled with the runner (Markdown), if there is one. */
  static Optional<String> page(String checkName) {
    try (InputStream page = Checks.class.getResourceAsStream(PAGES + checkName + ".md")) {
      return page == null
          ? Optional.empty()
          : Optional.of(new String(page.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
