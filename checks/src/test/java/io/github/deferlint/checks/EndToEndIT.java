package io.github.deferlint.checks;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.collect.ImmutableList;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plugin as users run it: the real javac with {@code -Xplugin:ErrorProne}, Error Prone and the
 * packaged deferlint-checks jar on the processor path, the checks found by ServiceLoader.
 */
final class EndToEndIT {
  private static final String MARKER = "// BUG: Diagnostic contains: ";
  private static final Set<String> CHECK_NAMES =
      DeferlintChecks.all().stream().map(Class::getSimpleName).collect(Collectors.toSet());

  /**
   * What users run: Error Prone's defaults plus the plugin, with Error Prone's two resource checks
   * switched to the plugin's variants as docs/integration/resource-leak-checks.md says: turning
   * Error Prone's off turns the variant off too (it answers to Error Prone's names, so that their
   * suppressions keep working), so the variant is turned on again after it. DefaultPackage is off
   * because the test inputs and the docs' examples are shown without a package; in a project they
   * have one.
   */
  private static final List<String> AS_DOCUMENTED =
      List.of(
          "-Xep:MustBeClosedChecker:OFF",
          "-Xep:DeferAwareMustBeClosedChecker",
          "-Xep:StreamResourceLeak:OFF",
          "-Xep:DeferAwareStreamResourceLeak",
          "-Xep:DefaultPackage:OFF");

  /** Where the sources of all the tests are written, and removed after the last one. */
  @TempDir static Path sourceFiles;

  /** Error Prone and its dependencies from this JVM's class path, and the packaged checks jar. */
  private static String processorPath() {
    String checksJar = System.getProperty("deferlint.checks.jar");
    assertWithMessage("the packaged checks jar (run with mvn verify)")
        .that(checksJar != null && Files.exists(Paths.get(checksJar)))
        .isTrue();
    Stream<String> errorProne =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> entry.endsWith(".jar"));
    return Stream.concat(Stream.of(checksJar), errorProne)
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static Compilation compile(List<String> errorProneFlags, JavaFileObject... sources) {
    List<String> options = new ArrayList<>();
    options.addAll(
        List.of(
            "-XDcompilePolicy=simple",
            "--should-stop=ifError=FLOW",
            "-processorpath",
            processorPath(),
            "-proc:none"));
    options.add(
        String.join(
            " ",
            ImmutableList.<String>builder()
                .add("-Xplugin:ErrorProne")
                .addAll(errorProneFlags)
                .build()));
    return Compiler.javac().withOptions(options).compile(sources);
  }

  /**
   * A source file on disk, as a build has them: Error Prone's own checks expect {@code file:} URIs,
   * which compile-testing's in-memory sources lack.
   */
  private static JavaFileObject source(String className, List<String> lines) {
    try {
      Path directory = Files.createTempDirectory(sourceFiles, className);
      Path file = directory.resolve(className + ".java");
      Files.write(file, lines, UTF_8);
      return JavaFileObjects.forResource(file.toUri().toURL());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JavaFileObject source(String className, String... lines) {
    return source(className, List.of(lines));
  }

  /** The findings of the deferlint checks: Error Prone's other checks are left out. */
  private static List<Diagnostic<? extends JavaFileObject>> findings(Compilation compilation) {
    return compilation.diagnostics().stream()
        .filter(d -> CHECK_NAMES.contains(checkOf(d)))
        .collect(Collectors.toList());
  }

  private static String checkOf(Diagnostic<?> diagnostic) {
    String message = diagnostic.getMessage(Locale.ROOT);
    return message.startsWith("[") && message.indexOf(']') > 0
        ? message.substring(1, message.indexOf(']'))
        : "";
  }

  // ---------------------------------------------------------------------------------------------

  static Stream<Path> inputs() throws IOException {
    return TestInputsTest.inputs();
  }

  /**
   * Each folder of test-inputs is the specification of its check: its findings must match, with the
   * flags the docs give (which turn Error Prone's resource checks off, not the plugin's).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void reportsExactlyTheMarkedFindings(Path input) throws IOException {
    List<String> lines = Files.readAllLines(input);
    Compilation compilation = compile(AS_DOCUMENTED, source(className(input), lines));
    assertWithMessage("javac errors that are no Error Prone finding (ERROR checks fail builds)")
        .that(compilation.errors().stream().filter(e -> checkOf(e).isEmpty()).toList())
        .isEmpty();

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith(MARKER)) {
        int target = i + 1;
        while (lines.get(target).strip().startsWith(MARKER)) {
          target++;
        }
        expected.add((target + 1) + ": " + line.substring(MARKER.length()));
      }
    }
    String check = input.getParent().getFileName().toString();
    List<String> actual =
        findings(compilation).stream()
            .filter(d -> checkOf(d).equals(check))
            .map(d -> d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
            .collect(Collectors.toList());

    assertWithMessage("findings in %s", input).that(actual).hasSize(expected.size());
    for (String marker : expected) {
      String line = marker.substring(0, marker.indexOf(':'));
      String text = marker.substring(marker.indexOf(':') + 2);
      assertWithMessage("a finding on line %s containing %s", line, text)
          .that(actual.stream().anyMatch(a -> a.startsWith(line + ": ") && a.contains(text)))
          .isTrue();
    }
  }

  private static String className(Path input) {
    return input.getFileName().toString().replaceFirst("\\.java$", "");
  }

  // ---------------------------------------------------------------------------------------------

  /** A registration whose argument is read again after it; written anew for each test. */
  private static JavaFileObject eager() {
    return source(
        "Eager",
        "import io.github.deferlint.defer.Defer;",
        "class Eager {",
        "  static void print(Object value) {}",
        "  void f() {",
        "    Defer.run(scope -> {",
        "      int a = 1;",
        "      scope.defer(Eager::print, a + 1);",
        "      a = 99;",
        "    });",
        "  }",
        "}");
  }

  /**
   * Error Prone 2.42 hands javac the flagged tree's range; 2.50 only its preferred position. Either
   * way the finding must point at the flagged expression, here {@code a + 1} and its operator.
   */
  @Test
  void findingPointsAtTheFlaggedExpression() throws IOException {
    JavaFileObject eager = eager();
    Diagnostic<? extends JavaFileObject> finding =
        Iterables.only(findings(compile(List.of(), eager)));
    String source = eager.getCharContent(true).toString();

    assertThat(finding.getKind()).isEqualTo(Diagnostic.Kind.WARNING);
    assertThat(finding.getLineNumber()).isEqualTo(7);
    assertThat(finding.getColumnNumber()).isEqualTo(35);
    int expression = source.indexOf("a + 1");
    assertThat(finding.getPosition()).isEqualTo(expression + "a ".length());
    if (finding.getStartPosition() != finding.getPosition()) {
      assertThat(source.substring((int) finding.getStartPosition(), (int) finding.getEndPosition()))
          .isEqualTo("a + 1");
    }
  }

  @Test
  void severityCanBeRaisedOrTheCheckTurnedOff() {
    Compilation raised = compile(List.of("-Xep:DeferEagerArgument:ERROR"), eager());
    assertThat(raised.status()).isEqualTo(Compilation.Status.FAILURE);
    assertThat(Iterables.only(findings(raised)).getKind()).isEqualTo(Diagnostic.Kind.ERROR);

    assertThat(findings(compile(List.of("-Xep:DeferEagerArgument:OFF"), eager()))).isEmpty();
  }

  @Test
  void suppressWarningsSilencesOneCheck() {
    JavaFileObject suppressed =
        source(
            "Suppressed",
            "import io.github.deferlint.defer.Defer;",
            "class Suppressed {",
            "  static void print(Object value) {}",
            "  @SuppressWarnings(\"DeferEagerArgument\")",
            "  void f() {",
            "    Defer.run(scope -> {",
            "      int a = 1;",
            "      scope.defer(Suppressed::print, a + 1);",
            "      a = 99;",
            "    });",
            "  }",
            "}");
    assertThat(findings(compile(List.of(), suppressed))).isEmpty();
  }

  @Test
  void patchModeRewritesTheSourceIntoCodeThatCompilesClean(@TempDir Path directory)
      throws IOException {
    Path file = directory.resolve("Timing.java");
    Files.write(
        file,
        List.of(
            "import io.github.deferlint.defer.Defer;",
            "class Timing {",
            "  static void record(long nanos) {}",
            "  void f(long start) {",
            "    Defer.run(scope -> scope.defer(Timing::record, System.nanoTime() - start));",
            "  }",
            "}"),
        UTF_8);

    List<String> flags =
        List.of("-XepPatchChecks:DeferEagerArgument", "-XepPatchLocation:IN_PLACE");
    assertThat(javacOnDisk(directory, flags, file)).isTrue();
    assertThat(Files.readString(file))
        .contains("scope.defer(() -> Timing.record(System.nanoTime() - start))");

    Compilation recompiled = compile(List.of(), source("Timing", Files.readAllLines(file)));
    assertThat(recompiled.status()).isEqualTo(Compilation.Status.SUCCESS);
    assertThat(findings(recompiled)).isEmpty();
  }

  /** Runs javac on files on disk: patch mode rewrites them in place. */
  private static boolean javacOnDisk(Path output, List<String> errorProneFlags, Path... files)
      throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, UTF_8)) {
      List<String> options =
          List.of(
              "-XDcompilePolicy=simple",
              "--should-stop=ifError=FLOW",
              "-proc:none",
              "-d",
              output.toString(),
              "-classpath",
              System.getProperty("java.class.path"),
              "-processorpath",
              processorPath(),
              "-Xplugin:ErrorProne " + String.join(" ", errorProneFlags));
      return javac
          .getTask(
              new java.io.StringWriter(),
              fileManager,
              null,
              options,
              null,
              fileManager.getJavaFileObjects(files))
          .call();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Error Prone's own default checks on correct code written against the API

  /** Every diagnostic of Error Prone's own checks: the deferlint ones are left out. */
  private static List<String> errorProneFindings(Compilation compilation) {
    return compilation.diagnostics().stream()
        .filter(d -> !checkOf(d).isEmpty() && !CHECK_NAMES.contains(checkOf(d)))
        .map(d -> d.getSource().getName() + ":" + d.getLineNumber() + ": " + d.getMessage(null))
        .collect(Collectors.toList());
  }

  static Stream<Path> negativeInputs() throws IOException {
    return TestInputsTest.inputs()
        .filter(input -> input.getFileName().toString().startsWith("Negative"));
  }

  /** A negative input is correct for its check; Error Prone's own checks must accept it too. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("negativeInputs")
  void errorProneDefaultsAcceptTheNegativeInputs(Path input) throws IOException {
    Compilation compilation =
        compile(AS_DOCUMENTED, source(className(input), Files.readAllLines(input)));
    assertThat(errorProneFindings(compilation)).isEmpty();
  }

  static Stream<DocsExamplesTest.Example> correctExamples() throws IOException {
    return DocsExamplesTest.examples().filter(example -> !example.code().contains(MARKER.strip()));
  }

  /** The docs' and README's examples that claim no finding draw none, from any check. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("correctExamples")
  void correctExamplesDrawNoFindingAtAll(DocsExamplesTest.Example example) {
    java.util.regex.Matcher type = DocsExamplesTest.TOP_LEVEL_TYPE.matcher(example.code());
    assertThat(type.find()).isTrue();
    Compilation compilation =
        compile(AS_DOCUMENTED, source(type.group(1), List.of(example.code().split("\n", -1))));
    assertThat(compilation.diagnostics().stream().map(Object::toString).toList()).isEmpty();
  }

  /** The generator's correct code, with no pitfall planted: no finding from any check. */
  @Test
  void generatedCorrectCodeDrawsNoFindingAtAll(@TempDir Path directory) throws IOException {
    List<Path> files =
        new io.github.deferlint.corpus.CorpusGenerator(20260101L, Set.of())
            .write(directory, 40)
            .sources();
    JavaFileObject[] sources = new JavaFileObject[files.size()];
    for (int i = 0; i < sources.length; i++) {
      sources[i] = JavaFileObjects.forResource(files.get(i).toUri().toURL());
    }
    Compilation compilation = compile(AS_DOCUMENTED, sources);
    assertThat(compilation.diagnostics().stream().map(Object::toString).toList()).isEmpty();
    assertThat(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
  }

  private static final class Iterables {
    static <T> T only(List<T> list) {
      assertWithMessage("exactly one element in %s", list).that(list).hasSize(1);
      return list.get(0);
    }
  }
}
