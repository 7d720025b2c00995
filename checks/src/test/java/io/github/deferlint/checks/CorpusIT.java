package io.github.deferlint.checks;

import static com.google.common.truth.Truth.assertWithMessage;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.stream.Collectors.joining;
import static java.util.stream.Collectors.toList;

import com.google.common.collect.HashMultiset;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.Multiset;
import com.google.common.collect.Multisets;
import com.google.errorprone.annotations.CheckReturnValue;
import io.github.deferlint.corpus.Corpus;
import io.github.deferlint.corpus.CorpusGenerator;
import io.github.deferlint.defer.Defer;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Never crash, never cry wolf, at scale: every deferlint check at ERROR, run by javac with {@code
 * -Xplugin:ErrorProne} in this JVM (strict mode, so a check's exception fails the compilation),
 * over real code that does not use the API and over a generated corpus that does. Real code must
 * draw exactly the findings listed in {@link #REVIEWED} (each read, and judged there); the
 * generated corpus exactly the pitfalls the generator planted for the checks found by ServiceLoader
 * (precision and recall both 100%).
 *
 * <p>The real code is unpacked into {@code target/corpus} by the build ({@code
 * maven-dependency-plugin}, before the integration tests). {@code -Ddeferlint.corpus.seed=...} and
 * {@code -Ddeferlint.corpus.files=...} vary the generated corpus.
 */
final class CorpusIT {
  private static final Path CORPUS_DIR =
      Paths.get(System.getProperty("deferlint.corpus.dir", "target/corpus"));
  private static final long SEED = Long.getLong("deferlint.corpus.seed", 20260101L);
  private static final int FILES = Integer.getInteger("deferlint.corpus.files", 200);
  private static final int MIN_METHODS = 3000;

  /**
   * The findings real code draws, each read and judged: file:line and check, for the versions the
   * parent pom pins. The deferral checks find nothing in code that does not use the API; these are
   * JvmLifetimeRegistration's, and the DeferAware variants' where they report what Error Prone's
   * original check reports (they differ from it only on scope registrations).
   */
  private static final ImmutableMap<String, ImmutableList<String>> REVIEWED =
      ImmutableMap.of(
          "guava",
          ImmutableList.of(
              // Real, by design: getExitingExecutorService adds a hook per call, documented as for
              // executors that live as long as the application; this forwarding seam is the call.
              "MoreExecutors.java:287 JvmLifetimeRegistration",
              // Real: every stream that spills to disk with resetOnFinalize marks its temp file.
              "FileBackedOutputStream.java:239 JvmLifetimeRegistration"),
          "commons-io",
          ImmutableList.of(
              // Wrappers whose purpose is deleteOnExit (FileUtils.forceDeleteOnExit, its helper,
              // PathUtils.deleteOnExit): true, the growth is their callers' to bound.
              "FileUtils.java:1258 JvmLifetimeRegistration",
              "FileUtils.java:1434 JvmLifetimeRegistration",
              "PathUtils.java:687 JvmLifetimeRegistration",
              // Error Prone's StreamResourceLeak, as the original reports it: a directory stream
              // and a Files.walk stream returned by methods not annotated @MustBeClosed (their
              // javadoc tells the caller to close them; @MustBeClosed would say it to the checks).
              "PathUtils.java:1360 DeferAwareStreamResourceLeak",
              "PathUtils.java:1959 DeferAwareStreamResourceLeak",
              // Real: one lock file path per LockableFileWriter target, kept after the lock goes.
              "LockableFileWriter.java:370 JvmLifetimeRegistration"),
          "commons-exec",
          ImmutableList.of(
              // Real: a temporary command script per command launched on OpenVMS.
              "VmsCommandLauncher.java:52 JvmLifetimeRegistration"));

  private static final ImmutableList<String> CHECKS =
      DeferlintChecks.all().stream()
          .map(Class::getSimpleName)
          .collect(ImmutableList.toImmutableList());

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"commons-lang3", "guava", "commons-io", "commons-exec"})
  @Timeout(value = 5, unit = MINUTES, threadMode = ThreadMode.SEPARATE_THREAD)
  void realCodeDrawsOnlyTheReviewedFindings(String project, @TempDir Path output)
      throws IOException {
    Path sources = CORPUS_DIR.resolve(project);
    assertWithMessage("sources of %s (unpacked by mvn verify)", project)
        .that(Files.isDirectory(sources))
        .isTrue();
    List<Path> classpath = new ArrayList<>(apiClasspath());
    classpath.addAll(jarsIn(CORPUS_DIR.resolve(project + "-classpath")));

    Compilation compilation = compile(javaFiles(sources), classpath, output);

    assertWithMessage("%s: compiler errors or check crashes:\n%s", project, compilation.report())
        .that(compilation.errorsOtherThanFindings())
        .isEmpty();
    assertWithMessage("%s: deferlint findings, against those reviewed in CorpusIT", project)
        .that(compilation.findings().stream().map(Finding::toString).collect(toList()))
        .containsExactlyElementsIn(REVIEWED.getOrDefault(project, ImmutableList.of()));
    // The checks run at ERROR: a project with findings fails to compile on them, and on them only.
    assertWithMessage("%s compiles", project)
        .that(compilation.succeeded())
        .isEqualTo(!REVIEWED.containsKey(project));
  }

  @Test
  @Timeout(value = 5, unit = MINUTES, threadMode = ThreadMode.SEPARATE_THREAD)
  void generatedCorpusDrawsExactlyThePlantedFindings(@TempDir Path directory) throws IOException {
    Corpus corpus =
        new CorpusGenerator(SEED, Set.copyOf(CHECKS)).write(directory.resolve("src"), FILES);
    assertWithMessage("methods in the generated corpus")
        .that(corpus.methods())
        .isAtLeast(Math.min(MIN_METHODS, FILES * CorpusGenerator.MEMBERS_PER_FILE));

    Compilation compilation =
        compile(corpus.sources(), apiClasspath(), directory.resolve("classes"));

    assertWithMessage("compiler errors or check crashes:\n%s", compilation.report())
        .that(compilation.errorsOtherThanFindings())
        .isEmpty();
    Multiset<Finding> expected = HashMultiset.create();
    corpus
        .planted()
        .forEach(p -> expected.add(new Finding(normalized(p.file()), p.line(), p.check())));
    Multiset<Finding> actual = HashMultiset.create(compilation.findings());
    Multiset<Finding> unexpected = Multisets.difference(actual, expected);
    Multiset<Finding> missed = Multisets.difference(expected, actual);
    assertWithMessage(
            "%s", accuracyReport(corpus, expected, actual, unexpected, missed, compilation))
        .that(unexpected.isEmpty() && missed.isEmpty())
        .isTrue();
  }

  // ---------------------------------------------------------------------------------------------
  // Compiling

  /** A deferlint finding: where, and which check. */
  private record Finding(Path file, long line, String check) {
    @Override
    public String toString() {
      return file.getFileName() + ":" + line + " " + check;
    }
  }

  private record Compilation(
      boolean succeeded,
      List<Diagnostic<? extends JavaFileObject>> diagnostics,
      String output,
      @Nullable RuntimeException crash) {

    List<Finding> findings() {
      return diagnostics.stream()
          .filter(d -> CHECKS.contains(checkOf(d)))
          .map(d -> new Finding(pathOf(d), d.getLineNumber(), checkOf(d)))
          .collect(toList());
    }

    /** Errors that are no deferlint finding: the corpus does not compile, or a check crashed. */
    List<String> errorsOtherThanFindings() {
      Stream<String> errors =
          diagnostics.stream()
              .filter(d -> d.getKind() == Diagnostic.Kind.ERROR && !CHECKS.contains(checkOf(d)))
              .map(CorpusIT::describe);
      return Stream.concat(errors, Stream.ofNullable(crash).map(CorpusIT::stackTrace))
          .limit(20)
          .collect(toList());
    }

    String report() {
      return String.join("\n", errorsOtherThanFindings()) + "\n" + output;
    }
  }

  /**
   * javac with Error Prone as a plugin and every deferlint check at ERROR, Error Prone's own checks
   * off. The checks come from the processor path as in a build; since Error Prone and the checks
   * are on this JVM's class path too, the classes are this JVM's and see its strict mode.
   */
  private static Compilation compile(List<Path> sources, List<Path> classpath, Path output)
      throws IOException {
    Files.createDirectories(output);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter out = new StringWriter();
    String errorProne =
        Stream.concat(
                Stream.of("-Xplugin:ErrorProne", "-XepDisableAllChecks"),
                CHECKS.stream().map(check -> "-Xep:" + check + ":ERROR"))
            .collect(joining(" "));
    List<String> options =
        List.of(
            "-XDcompilePolicy=simple",
            "--should-stop=ifError=FLOW",
            "-proc:none",
            "-nowarn",
            "-Xlint:none",
            "-Xmaxerrs",
            "1000000",
            "-encoding",
            "UTF-8",
            "-d",
            output.toString(),
            "-classpath",
            joinPaths(classpath),
            "-processorpath",
            joinPaths(List.of(locationOf(DeferlintChecks.all().get(0)))),
            errorProne);
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8)) {
      boolean succeeded;
      RuntimeException crash = null;
      try {
        succeeded =
            javac
                .getTask(
                    out,
                    files,
                    diagnostics,
                    options,
                    null,
                    files.getJavaFileObjectsFromPaths(sources))
                .call();
      } catch (RuntimeException e) {
        succeeded = false;
        crash = e;
      }
      return new Compilation(succeeded, diagnostics.getDiagnostics(), out.toString(), crash);
    }
  }

  /**
   * The API and the annotations its signatures carry, as a project using it has them, and Guava,
   * whose Closer the corpus uses too.
   */
  private static List<Path> apiClasspath() {
    return List.of(
        locationOf(Defer.class),
        locationOf(CheckReturnValue.class),
        locationOf(Nullable.class),
        locationOf(com.google.common.io.Closer.class));
  }

  private static Path locationOf(Class<?> type) {
    try {
      return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> javaFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(file -> file.toString().endsWith(".java"))
          .filter(file -> !file.getFileName().toString().equals("module-info.java"))
          .sorted()
          .collect(toList());
    }
  }

  private static List<Path> jarsIn(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.toString().endsWith(".jar")).sorted().collect(toList());
    }
  }

  private static String joinPaths(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(joining(File.pathSeparator));
  }

  // ---------------------------------------------------------------------------------------------
  // Reporting

  private static String checkOf(Diagnostic<?> diagnostic) {
    String message = diagnostic.getMessage(Locale.ROOT);
    return message.startsWith("[") && message.indexOf(']') > 0
        ? message.substring(1, message.indexOf(']'))
        : "";
  }

  private static Path pathOf(Diagnostic<? extends JavaFileObject> diagnostic) {
    return normalized(Paths.get(diagnostic.getSource().toUri()));
  }

  private static Path normalized(Path file) {
    return file.toAbsolutePath().normalize();
  }

  private static String describe(Diagnostic<? extends JavaFileObject> diagnostic) {
    String where =
        diagnostic.getSource() == null
            ? ""
            : diagnostic.getSource().getName() + ":" + diagnostic.getLineNumber() + ": ";
    return where + diagnostic.getMessage(Locale.ROOT);
  }

  private static String stackTrace(Throwable throwable) {
    StringWriter trace = new StringWriter();
    throwable.printStackTrace(new java.io.PrintWriter(trace));
    return trace.toString();
  }

  /**
   * Precision and recall, per check and overall, and the findings that are off, with their line.
   */
  private static String accuracyReport(
      Corpus corpus,
      Multiset<Finding> expected,
      Multiset<Finding> actual,
      Multiset<Finding> unexpected,
      Multiset<Finding> missed,
      Compilation compilation) {
    StringBuilder report =
        new StringBuilder(
            String.format(
                "generated corpus (seed %d): %d files, %d methods, %d pitfalls planted; checks %s"
                    + " (pitfall kinds known for %s)%n",
                SEED,
                corpus.sources().size(),
                corpus.methods(),
                expected.size(),
                CHECKS,
                CorpusGenerator.knownChecks()));
    report.append(
        accuracyLine("overall", expected.size(), actual.size(), unexpected.size(), missed.size()));
    Map<String, int[]> perCheck = new TreeMap<>(); // expected, actual, unexpected, missed
    count(perCheck, expected, 0);
    count(perCheck, actual, 1);
    count(perCheck, unexpected, 2);
    count(perCheck, missed, 3);
    perCheck.forEach(
        (check, counts) ->
            report.append(accuracyLine(check, counts[0], counts[1], counts[2], counts[3])));
    appendFindings(report, "findings nobody planted", unexpected, corpus, compilation);
    appendFindings(report, "planted pitfalls not found", missed, corpus, compilation);
    return report.toString();
  }

  private static String accuracyLine(
      String label, int expected, int actual, int unexpected, int missed) {
    double precision = actual == 0 ? 1 : (actual - unexpected) / (double) actual;
    double recall = expected == 0 ? 1 : (expected - missed) / (double) expected;
    return String.format(
        "  %-24s precision %6.2f%% (%d of %d findings planted), recall %6.2f%% (%d of %d found)%n",
        label,
        100 * precision,
        actual - unexpected,
        actual,
        100 * recall,
        expected - missed,
        expected);
  }

  private static void count(Map<String, int[]> perCheck, Multiset<Finding> findings, int column) {
    findings.forEach(f -> perCheck.computeIfAbsent(f.check(), unused -> new int[4])[column]++);
  }

  private static void appendFindings(
      StringBuilder report,
      String title,
      Multiset<Finding> findings,
      Corpus corpus,
      Compilation compilation) {
    if (findings.isEmpty()) {
      return;
    }
    report.append(title).append(" (first 30):\n");
    findings.stream()
        .sorted(Comparator.comparing(Finding::file).thenComparingLong(Finding::line))
        .limit(30)
        .forEach(
            finding ->
                report
                    .append("  ")
                    .append(corpus.root().relativize(finding.file()))
                    .append(':')
                    .append(finding.line())
                    .append(" [")
                    .append(finding.check())
                    .append("] ")
                    .append(kindAt(corpus, finding))
                    .append(messageAt(compilation, finding))
                    .append("\n      ")
                    .append(lineOf(finding))
                    .append('\n'));
  }

  private static String kindAt(Corpus corpus, Finding finding) {
    return corpus.planted().stream()
        .filter(p -> normalized(p.file()).equals(finding.file()) && p.line() == finding.line())
        .map(p -> "(planted " + p.kind() + ") ")
        .findFirst()
        .orElse("");
  }

  private static String messageAt(Compilation compilation, Finding finding) {
    return compilation.diagnostics().stream()
        .filter(d -> checkOf(d).equals(finding.check()) && d.getLineNumber() == finding.line())
        .filter(d -> pathOf(d).equals(finding.file()))
        .map(d -> d.getMessage(Locale.ROOT))
        .findFirst()
        .orElse("");
  }

  private static String lineOf(Finding finding) {
    try {
      return Files.readAllLines(finding.file()).get((int) finding.line() - 1).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
