package io.github.deferlint.bench.compile;

import static io.github.deferlint.bench.Harness.median;
import static io.github.deferlint.bench.Harness.megabytes;

import com.google.errorprone.ErrorProneVersion;
import com.google.errorprone.annotations.CheckReturnValue;
import com.google.errorprone.bugpatterns.BugChecker;
import io.github.deferlint.bench.Harness;
import io.github.deferlint.bench.compile.TimedJavac.Run;
import io.github.deferlint.bench.compile.TimedJavac.Workload;
import io.github.deferlint.corpus.Corpus;
import io.github.deferlint.corpus.CorpusGenerator;
import io.github.deferlint.defer.Defer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the deferlint checks cost at compile time: javac with Error Prone in this JVM, warmed up,
 * with and without the checks in alternating runs, on real code that does not use the API and on a
 * generated corpus that does (at several sizes, to show that the cost grows with the code and not
 * faster). Prints a Markdown table: medians, the ratio pair by pair, heap and allocation.
 *
 * <p>Run it with {@code bench/compile-overhead.sh [options]}; {@code --help} lists the options.
 * Benchmarks are not tests: nothing here judges a figure.
 */
public final class CompileOverhead {
  private static final String CHECKS_PACKAGE = "io.github.deferlint.checks";
  private static final String USAGE =
      """
      usage: bench/compile-overhead.sh [options]
        --corpus-dir DIR   real code as the bench build unpacks it (default bench/target/corpus):
                           DIR/NAME holds sources, DIR/NAME-classpath the jars they need
        --real NAMES       real projects to compile, comma-separated (default commons-lang3,guava;
                           "" for none)
        --files N          generated files at scale 1 (default 200)
        --scales LIST      generated corpus sizes, comma-separated multiples (default 1,2,4;
                           "" for none)
        --seed N           the generated corpus's seed (default 42)
        --pairs N          measured A/B pairs per comparison (default 5)
        --warmup N         unmeasured A/B pairs first (default 3)
        --work DIR         where generated sources and class files go (default a new temp dir)
        --checks NAMES     only these deferlint checks, comma-separated (default every one)
        --control          also compare "EP, all checks off" with itself: the noise floor
        --no-pitfalls      generate only correct code: what the checks cost where they find nothing
        --without-closer   generate no code that uses Guava's Closer: deferlint's API only, as the
                           first round's checks know it (to compare their jar with today's)
        --fresh-jvm        run every compilation in a JVM of its own, as a build does, and time the
                           whole process: class loading, JIT and one-time initialization count
      """;

  private static final Map<String, String> DEFAULTS =
      Map.of(
          "corpus-dir", "bench/target/corpus",
          "real", "commons-lang3,guava",
          "files", "200",
          "scales", "1,2,4",
          "seed", "42",
          "pairs", "5",
          "warmup", "3");

  /** A set of Error Prone flags to time. */
  private record Config(String label, List<String> flags) {}

  /** Configuration A (with the checks) against B (without). */
  private record Comparison(Config with, Config without) {}

  /** The runs of one comparison on one workload, and in a fresh JVM what each child saw inside. */
  private record Result(
      Workload workload,
      Comparison comparison,
      List<Run> with,
      List<Run> without,
      List<FreshJvm.Inside> insideWith,
      List<FreshJvm.Inside> insideWithout,
      String note) {}

  private CompileOverhead() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        Harness.options(
            "compile-overhead",
            USAGE,
            args,
            DEFAULTS,
            Set.of("work", "checks"),
            Set.of("control", "no-pitfalls", "without-closer", "fresh-jvm"),
            CompileOverhead::check);
    List<Class<? extends BugChecker>> checks = deferlintChecks();
    if (checks.isEmpty()) {
      System.err.println("compile-overhead: no deferlint check on the class path");
      System.exit(2);
    }
    if (options.containsKey("checks")) {
      List<String> wanted = names(options.get("checks"));
      List<String> known = checks.stream().map(Class::getSimpleName).sorted().toList();
      List<String> unknown = wanted.stream().filter(name -> !known.contains(name)).toList();
      if (wanted.isEmpty() || !unknown.isEmpty()) {
        System.err.printf(
            "compile-overhead: --checks names no deferlint check %s; they are %s%n",
            unknown.isEmpty() ? "" : String.join(", ", unknown), String.join(", ", known));
        System.exit(2);
      }
      checks = checks.stream().filter(check -> wanted.contains(check.getSimpleName())).toList();
    }
    boolean temporary = !options.containsKey("work");
    Path work =
        temporary
            ? Files.createTempDirectory("compile-overhead")
            : Files.createDirectories(Paths.get(options.get("work")));
    int status = 0;
    try {
      System.out.println(run(options, checks, work));
    } catch (IOException | IllegalStateException e) {
      System.err.println("compile-overhead: " + e.getMessage());
      status = 1;
    } finally {
      if (temporary) {
        deleteRecursively(work);
      }
    }
    System.exit(status);
  }

  /** Measures every comparison on every workload; returns the report. */
  private static String run(
      Map<String, String> options, List<Class<? extends BugChecker>> checks, Path work)
      throws IOException, InterruptedException {
    Set<String> checkNames =
        checks.stream().map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new));
    List<Path> processorPath = checks.stream().map(Harness::locationOf).distinct().toList();
    TimedJavac javac = new TimedJavac(processorPath, checkNames);
    FreshJvm fresh =
        options.containsKey("fresh-jvm") ? new FreshJvm(processorPath, checkNames) : null;
    int pairs = Integer.parseInt(options.get("pairs"));
    int warmup = Integer.parseInt(options.get("warmup"));

    String machineBefore = machine();
    List<Result> results = new ArrayList<>();
    for (Map.Entry<Workload, String> workload : workloads(options, checkNames, work).entrySet()) {
      for (Comparison comparison :
          comparisons(
              checkNames,
              unselected(checkNames),
              replacedChecks(checks),
              options.containsKey("control"))) {
        results.add(
            measure(
                javac,
                fresh,
                workload.getKey(),
                workload.getValue(),
                comparison,
                warmup,
                pairs,
                work));
      }
    }
    return report(results, checkNames, pairs, warmup, machineBefore, machine());
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // What is compiled, and how

  /**
   * With the checks (A) against without (B): Error Prone with only the deferlint checks against
   * Error Prone with every check off but those that deferlint's variants replace (their rule is
   * what a variant runs: the variant's cost beyond it is deferlint's), and Error Prone's defaults
   * with and without them, where a variant is silent beside its original. The control compares a
   * configuration with itself: the noise, and any bias of the method.
   */
  private static List<Comparison> comparisons(
      Set<String> checks, Set<String> unselected, Set<String> replaced, boolean control) {
    List<String> onlyDeferlint = new ArrayList<>(List.of("-XepDisableAllChecks"));
    checks.forEach(check -> onlyDeferlint.add("-Xep:" + check + ":WARN"));
    List<String> onlyReplaced = new ArrayList<>(List.of("-XepDisableAllChecks"));
    replaced.forEach(check -> onlyReplaced.add("-Xep:" + check + ":WARN"));
    // The deferlint checks that --checks leaves out are on by default, as plugins: off in both.
    List<String> defaultsWithDeferlint = new ArrayList<>();
    unselected.forEach(check -> defaultsWithDeferlint.add("-Xep:" + check + ":OFF"));
    List<String> defaultsWithoutDeferlint = new ArrayList<>(defaultsWithDeferlint);
    checks.forEach(check -> defaultsWithoutDeferlint.add("-Xep:" + check + ":OFF"));
    List<Comparison> comparisons = new ArrayList<>();
    if (control) {
      Config checksOff = new Config("EP, all checks off", List.of("-XepDisableAllChecks"));
      comparisons.add(new Comparison(checksOff, checksOff));
    }
    comparisons.addAll(
        List.of(
            new Comparison(
                new Config("EP + deferlint only", onlyDeferlint),
                new Config(
                    replaced.isEmpty()
                        ? "EP, all checks off"
                        : "EP, all checks off but " + String.join(", ", replaced),
                    onlyReplaced)),
            new Comparison(
                new Config("EP defaults + deferlint", defaultsWithDeferlint),
                new Config("EP defaults", defaultsWithoutDeferlint))));
    return comparisons;
  }

  /** The deferlint checks on the class path that are not among {@code checks}. */
  private static Set<String> unselected(Set<String> checks) {
    return deferlintChecks().stream()
        .map(Class::getSimpleName)
        .filter(name -> !checks.contains(name))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The Error Prone checks that deferlint's variants replace: each variant extends the check it
   * replaces ({@code DeferAwareMustBeClosedChecker} extends {@code MustBeClosedChecker}).
   */
  private static Set<String> replacedChecks(List<Class<? extends BugChecker>> checks) {
    return checks.stream()
        .map(Class::getSuperclass)
        .filter(type -> !type.equals(BugChecker.class))
        .map(Class::getSimpleName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The workloads, each with a note on its content: real projects, then the generated sizes. */
  private static Map<Workload, String> workloads(
      Map<String, String> options, Set<String> checks, Path work) throws IOException {
    Map<Workload, String> workloads = new LinkedHashMap<>();
    Path corpusDir = Paths.get(options.get("corpus-dir"));
    for (String name : names(Harness.value(options, "real"))) {
      Path sources = corpusDir.resolve(name);
      if (!Files.isDirectory(sources)) {
        throw new IOException(
            "no sources for "
                + name
                + " in "
                + sources
                + " (build with ./mvnw -pl bench -am package)");
      }
      List<Path> classpath = new ArrayList<>(apiClasspath());
      classpath.addAll(jarsIn(corpusDir.resolve(name + "-classpath")));
      List<Path> files = TimedJavac.javaFiles(sources);
      workloads.put(new Workload(name, files, classpath), files.size() + " files of real code");
    }
    long seed = Long.parseLong(options.get("seed"));
    int files = Integer.parseInt(options.get("files"));
    for (String scale : names(Harness.value(options, "scales"))) {
      Path directory = work.resolve("generated-" + scale + "x");
      Set<String> planted = options.containsKey("no-pitfalls") ? Set.of() : checks;
      CorpusGenerator generator = new CorpusGenerator(seed, planted);
      boolean withoutCloser = options.containsKey("without-closer");
      Corpus corpus =
          (withoutCloser ? generator.withoutCloser() : generator)
              .write(directory, files * Integer.parseInt(scale));
      String name = "generated " + scale + "x" + (withoutCloser ? " without Closer" : "");
      workloads.put(
          new Workload(name, corpus.sources(), apiClasspath()),
          String.format(
              "%d files, %d methods, %d pitfalls",
              corpus.sources().size(), corpus.methods(), corpus.planted().size()));
    }
    return workloads;
  }

  /**
   * Warm-up pairs, then measured pairs, A first in even pairs and B first in odd ones; each run in
   * this JVM, or with {@code fresh}, each in a new one.
   */
  private static Result measure(
      TimedJavac javac,
      @Nullable FreshJvm fresh,
      Workload workload,
      String note,
      Comparison comparison,
      int warmup,
      int pairs,
      Path work)
      throws IOException, InterruptedException {
    Path withOutput = work.resolve("classes-with");
    Path withoutOutput = work.resolve("classes-without");
    List<Run> with = new ArrayList<>();
    List<Run> without = new ArrayList<>();
    List<FreshJvm.Inside> insideWith = new ArrayList<>();
    List<FreshJvm.Inside> insideWithout = new ArrayList<>();
    for (int pair = -warmup; pair < pairs; pair++) {
      boolean withFirst = Math.floorMod(pair, 2) == 0;
      // a with the checks, b without, in the order of this pair.
      FreshJvm.Measured a;
      FreshJvm.Measured b;
      if (withFirst) {
        a = compile(javac, fresh, workload, comparison.with(), withOutput, work);
        b = compile(javac, fresh, workload, comparison.without(), withoutOutput, work);
      } else {
        b = compile(javac, fresh, workload, comparison.without(), withoutOutput, work);
        a = compile(javac, fresh, workload, comparison.with(), withOutput, work);
      }
      FreshJvm.Inside insideA = a.inside();
      FreshJvm.Inside insideB = b.inside();
      System.err.printf(
          Locale.ROOT,
          "%-20s %-24s %s %d: %6.2f s / %6.2f s = %.3f%s%n",
          workload.name(),
          comparison.with().label(),
          pair < 0 ? "warm-up" : "pair   ",
          pair < 0 ? pair + warmup + 1 : pair + 1,
          a.run().wallSeconds(),
          b.run().wallSeconds(),
          a.run().wallSeconds() / b.run().wallSeconds(),
          insideA == null || insideB == null
              ? ""
              : String.format(
                  Locale.ROOT,
                  " (process CPU %.2f s / %.2f s = %.3f)",
                  insideA.processCpuSeconds(),
                  insideB.processCpuSeconds(),
                  insideA.processCpuSeconds() / insideB.processCpuSeconds()));
      if (pair >= 0) {
        with.add(a.run());
        without.add(b.run());
        if (insideA != null && insideB != null) {
          insideWith.add(insideA);
          insideWithout.add(insideB);
        }
      }
    }
    return new Result(workload, comparison, with, without, insideWith, insideWithout, note);
  }

  /** One compilation, in this JVM, or in a fresh one that also says what it saw inside. */
  private static FreshJvm.Measured compile(
      TimedJavac javac,
      @Nullable FreshJvm fresh,
      Workload workload,
      Config config,
      Path output,
      Path work)
      throws IOException, InterruptedException {
    return fresh == null
        ? new FreshJvm.Measured(javac.compile(workload, config.flags(), output), null)
        : fresh.compile(workload, config.flags(), output, work);
  }

  // ---------------------------------------------------------------------------------------------
  // The report

  private static String report(
      List<Result> results,
      Set<String> checks,
      int pairs,
      int warmup,
      String machineBefore,
      String machineAfter) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "Error Prone %s, JDK %s (%s), checks %s; %d measured pairs after %d warm-up pairs.%n"
                + "Before: %s%nAfter:  %s%n%n",
            ErrorProneVersion.loadVersionFromPom().or("?"),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name"),
            checks,
            pairs,
            warmup,
            machineBefore,
            machineAfter));
    out.append(
        "| corpus | A / B | A median | B median | ratio per pair: median (min–max) | CPU ratio"
            + " | allocation ratio | deferlint's own time in A | peak heap A / B"
            + " | live heap A / B | findings |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result result : results) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s (%s) | %s / %s | %.2f s | %.2f s | **%.3f** (%.3f–%.3f) | %.3f | %.3f"
                  + " | %.3f s (%.1f%%) | %d / %d MB | %d / %d MB | %d |%n",
              result.workload().name(),
              result.note(),
              result.comparison().with().label(),
              result.comparison().without().label(),
              median(result.with(), Run::wallSeconds),
              median(result.without(), Run::wallSeconds),
              medianRatio(result, Run::wallSeconds),
              ratios(result, Run::wallSeconds).stream().mapToDouble(d -> d).min().orElse(0),
              ratios(result, Run::wallSeconds).stream().mapToDouble(d -> d).max().orElse(0),
              medianRatio(result, Run::cpuSeconds),
              medianRatio(result, run -> run.allocatedBytes()),
              median(result.with(), Run::checksSeconds),
              100
                  * median(result.with(), Run::checksSeconds)
                  / median(result.with(), Run::wallSeconds),
              megabytes(median(result.with(), run -> run.peakHeapBytes())),
              megabytes(median(result.without(), run -> run.peakHeapBytes())),
              megabytes(median(result.with(), run -> run.liveHeapBytes())),
              megabytes(median(result.without(), run -> run.liveHeapBytes())),
              result.with().get(0).findings()));
    }
    if (results.stream().anyMatch(result -> !result.insideWith().isEmpty())) {
      out.append(
          "\nIn each fresh JVM (medians): the compilation as timed inside it, the classes it"
              + " loaded, the time its JIT compilers took, and the CPU time of all its threads"
              + " (per pair, A over B: median and range).\n\n"
              + "| corpus | A / B | process A / B | compile inside A / B | JVM start and exit A / B"
              + " | classes A / B | JIT A / B | process CPU A / B | process CPU ratio per pair |\n"
              + "|---|---|---|---|---|---|---|---|---|\n");
      for (Result result : results) {
        double processA = median(result.with(), Run::wallSeconds);
        double processB = median(result.without(), Run::wallSeconds);
        double insideA = median(result.insideWith(), FreshJvm.Inside::compileSeconds);
        double insideB = median(result.insideWithout(), FreshJvm.Inside::compileSeconds);
        List<Double> cpuRatios =
            ratios(result.insideWith(), result.insideWithout(), FreshJvm.Inside::processCpuSeconds);
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s / %s | %.2f / %.2f s | %.2f / %.2f s | %.2f / %.2f s | %.0f / %.0f"
                    + " | %.0f / %.0f ms | %.2f / %.2f s | **%.3f** (%.3f–%.3f) |%n",
                result.workload().name(),
                result.comparison().with().label(),
                result.comparison().without().label(),
                processA,
                processB,
                insideA,
                insideB,
                processA - insideA,
                processB - insideB,
                median(result.insideWith(), FreshJvm.Inside::loadedClasses),
                median(result.insideWithout(), FreshJvm.Inside::loadedClasses),
                median(result.insideWith(), FreshJvm.Inside::jitMillis),
                median(result.insideWithout(), FreshJvm.Inside::jitMillis),
                median(result.insideWith(), FreshJvm.Inside::processCpuSeconds),
                median(result.insideWithout(), FreshJvm.Inside::processCpuSeconds),
                median(cpuRatios),
                cpuRatios.stream().mapToDouble(d -> d).min().orElse(0),
                cpuRatios.stream().mapToDouble(d -> d).max().orElse(0)));
      }
    }
    out.append("\ndeferlint's own time in A by check (median, ms):\n\n| corpus | A |");
    checks.forEach(check -> out.append(' ').append(check).append(" |"));
    out.append("\n|---|---|").append("---|".repeat(checks.size())).append('\n');
    for (Result result : results) {
      out.append("| ")
          .append(result.workload().name())
          .append(" | ")
          .append(result.comparison().with().label())
          .append(" |");
      for (String check : checks) {
        double seconds =
            median(result.with(), run -> run.secondsByCheck().getOrDefault(check, 0.0));
        out.append(String.format(Locale.ROOT, " %.0f |", 1000 * seconds));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static List<Double> ratios(Result result, ToDoubleFunction<Run> measure) {
    return ratios(result.with(), result.without(), measure);
  }

  /** Pair by pair, what {@code measure} gave with the checks over what it gave without. */
  private static <T> List<Double> ratios(
      List<T> with, List<T> without, ToDoubleFunction<T> measure) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < with.size(); i++) {
      ratios.add(measure.applyAsDouble(with.get(i)) / measure.applyAsDouble(without.get(i)));
    }
    return ratios;
  }

  private static double medianRatio(Result result, ToDoubleFunction<Run> measure) {
    return median(ratios(result, measure));
  }

  private static String machine() {
    return Harness.machine()
        + ", max heap "
        + megabytes((double) Runtime.getRuntime().maxMemory())
        + " MB";
  }

  // ---------------------------------------------------------------------------------------------
  // Class path and options

  /** The deferlint checks, found as Error Prone finds plugins. */
  private static List<Class<? extends BugChecker>> deferlintChecks() {
    return ServiceLoader.load(BugChecker.class).stream()
        .map(ServiceLoader.Provider::type)
        .filter(type -> type.getPackageName().equals(CHECKS_PACKAGE))
        .collect(Collectors.toList());
  }

  /**
   * The API and the annotations its signatures carry, as a project using it has them, and Guava,
   * whose Closer the generated corpus uses too.
   */
  private static List<Path> apiClasspath() {
    return Stream.of(
            Defer.class, CheckReturnValue.class, Nullable.class, com.google.common.io.Closer.class)
        .map(Harness::locationOf)
        .toList();
  }

  private static List<Path> jarsIn(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
    }
  }

  /** The items of a comma-separated list; none for an empty one. */
  private static List<String> names(String list) {
    return list.isBlank() ? List.of() : List.of(list.split(","));
  }

  private static void check(Map<String, String> options) {
    Harness.requireNumbers(options, "files", "seed", "pairs", "warmup");
    if (!Harness.value(options, "scales").matches("(\\d+(,\\d+)*)?")) {
      throw new IllegalArgumentException("--scales takes numbers like 1,2,4 (or nothing)");
    }
    if (Integer.parseInt(options.get("pairs")) < 1) {
      throw new IllegalArgumentException("--pairs must be at least 1");
    }
  }
}
