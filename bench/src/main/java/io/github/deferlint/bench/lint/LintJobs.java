package io.github.deferlint.bench.lint;

import static io.github.deferlint.bench.Harness.median;
import static io.github.deferlint.bench.Harness.megabytes;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.io.Closer;
import io.github.deferlint.bench.Harness;
import io.github.deferlint.corpus.Corpus;
import io.github.deferlint.corpus.CorpusGenerator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@code --jobs} buys: the lint runner over a generated corpus, each run in a fresh JVM as a
 * CI step starts it ({@link LintRun}), with each {@code --jobs} value in turn, round after round
 * (the order rotating, so that none always runs first). Prints a Markdown table: wall time, CPU
 * time, speed-up over the first value, heap, and whether every run's report was the same.
 *
 * <p>Run it with {@code bench/lint-jobs.sh [options]}; {@code --help} lists the options. Benchmarks
 * are not tests: nothing here judges a figure.
 */
public final class LintJobs {
  private static final String USAGE =
      """
      usage: bench/lint-jobs.sh [options]
        --files N        generated files (default 5000)
        --jobs LIST      --jobs values to compare, comma-separated (default 1,2)
        --batch-size N   files per javac task (default: the runner's)
        --runs N         measured runs per value (default 5)
        --warmup N       unmeasured rounds first (default 1)
        --heap SIZE      -Xmx of each run's JVM, e.g. 2g (default: the JVM's)
        --seed N         the corpus's seed (default 42)
        --work DIR       where the corpus goes (default a new temp dir)
      """;

  /** One run, as {@link LintRun} reports it, and its JVM's wall time from start to exit. */
  private record Run(
      double wallSeconds,
      double processSeconds,
      double cpuSeconds,
      long peakHeapBytes,
      long liveHeapBytes,
      int status,
      String reportHash) {}

  private LintJobs() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options =
        Harness.options(
            "lint-jobs",
            USAGE,
            args,
            Map.of("files", "5000", "jobs", "1,2", "runs", "5", "warmup", "1", "seed", "42"),
            Set.of("batch-size", "heap", "work"),
            Set.of(),
            LintJobs::check);
    Path work =
        options.containsKey("work")
            ? Files.createDirectories(Paths.get(options.get("work")))
            : Files.createTempDirectory("lint-jobs");
    Path corpusDirectory = work.resolve("corpus-" + options.get("files"));
    Corpus corpus =
        Files.isDirectory(corpusDirectory)
            ? null
            : new CorpusGenerator(
                    Long.parseLong(options.get("seed")), CorpusGenerator.knownChecks())
                .write(corpusDirectory, Integer.parseInt(options.get("files")));
    List<Integer> jobs =
        Stream.of(Harness.value(options, "jobs").split(",")).map(Integer::valueOf).toList();
    String machineBefore = Harness.machine();
    Map<Integer, List<Run>> runs = new LinkedHashMap<>();
    jobs.forEach(value -> runs.put(value, new ArrayList<>()));
    int warmup = Integer.parseInt(options.get("warmup"));
    int measured = Integer.parseInt(options.get("runs"));
    for (int round = 0; round < warmup + measured; round++) {
      List<Integer> order = new ArrayList<>(jobs);
      Collections.rotate(order, -round);
      for (int value : order) {
        Run run = run(options, corpusDirectory, value);
        System.err.printf(
            Locale.ROOT,
            "lint-jobs: round %d%s, --jobs %d: %.1f s, CPU %.1f s, peak heap %d MB%n",
            round + 1,
            round < warmup ? " (warm-up)" : "",
            value,
            run.wallSeconds(),
            run.cpuSeconds(),
            megabytes((double) run.peakHeapBytes()));
        if (round >= warmup) {
          runs.computeIfAbsent(value, unused -> new ArrayList<>()).add(run);
        }
      }
    }
    System.out.println(
        report(
            runs,
            corpus == null ? "the corpus in " + corpusDirectory : describe(corpus),
            options,
            machineBefore,
            Harness.machine()));
  }

  private static Run run(Map<String, String> options, Path corpus, int jobs)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    // javac's internals, opened to this JVM by the script, are opened to the run's the same way.
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            argument -> argument.startsWith("--add-exports") || argument.startsWith("--add-opens"))
        .forEach(command::add);
    if (options.containsKey("heap")) {
      command.add("-Xmx" + options.get("heap"));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), LintRun.class.getName()));
    command.addAll(List.of("--jobs", String.valueOf(jobs), "--format", "json"));
    // What the generated code may use beside the API, which the runner bundles.
    command.addAll(List.of("--classpath", Harness.locationOf(Closer.class).toString()));
    if (options.containsKey("batch-size")) {
      command.addAll(List.of("--batch-size", options.get("batch-size")));
    }
    command.add(corpus.toString());
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String line = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
    if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("the run failed: " + String.join(" ", command));
    }
    double processSeconds = (System.nanoTime() - start) / 1e9;
    String[] fields = line.split(" ", -1);
    Run run =
        new Run(
            Long.parseLong(fields[0]) / 1e3,
            processSeconds,
            Long.parseLong(fields[1]) / 1e3,
            Long.parseLong(fields[2]),
            Long.parseLong(fields[3]),
            Integer.parseInt(fields[4]),
            fields[5]);
    if (run.status() > 1) {
      throw new IllegalStateException("deferlint exited with " + run.status());
    }
    return run;
  }

  private static String report(
      Map<Integer, List<Run>> runs,
      String corpus,
      Map<String, String> options,
      String machineBefore,
      String machineAfter) {
    StringBuilder table = new StringBuilder();
    table
        .append("Corpus: ")
        .append(corpus)
        .append(
            options.containsKey("batch-size") ? "; --batch-size " + options.get("batch-size") : "")
        .append(options.containsKey("heap") ? "; -Xmx" + options.get("heap") : "")
        .append(".\n\n");
    table.append(
        "| --jobs | runs | runner wall: median (min–max) | JVM start to exit | CPU | speed-up"
            + " | peak heap | live heap | same report |\n");
    table.append("|---|---|---|---|---|---|---|---|---|\n");
    double firstWall = -1;
    String firstHash = null;
    for (Map.Entry<Integer, List<Run>> entry : runs.entrySet()) {
      List<Run> measured = entry.getValue();
      double wall = median(measured, Run::wallSeconds);
      if (firstWall < 0) {
        firstWall = wall;
        firstHash = measured.get(0).reportHash();
      }
      String hash = firstHash;
      boolean same = measured.stream().allMatch(run -> run.reportHash().equals(hash));
      table.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %.1f s (%.1f–%.1f) | %.1f s | %.1f s | %.2fx | %d MB | %d MB | %s |%n",
              entry.getKey(),
              measured.size(),
              wall,
              measured.stream().mapToDouble(Run::wallSeconds).min().orElse(0),
              measured.stream().mapToDouble(Run::wallSeconds).max().orElse(0),
              median(measured, Run::processSeconds),
              median(measured, Run::cpuSeconds),
              firstWall / wall,
              megabytes(median(measured, Run::peakHeapBytes)),
              megabytes(median(measured, Run::liveHeapBytes)),
              same ? "yes" : "NO"));
    }
    return table
        .append("\nMachine before: ")
        .append(machineBefore)
        .append("\nMachine after:  ")
        .append(machineAfter)
        .append('\n')
        .toString();
  }

  private static String describe(Corpus corpus) {
    return String.format(
        Locale.ROOT,
        "%d generated files, %d methods, %d planted pitfalls",
        corpus.sources().size(),
        corpus.methods(),
        corpus.planted().size());
  }

  private static void check(Map<String, String> options) {
    Harness.requireNumbers(options, "files", "runs", "warmup", "seed");
    if (!Harness.value(options, "jobs").matches("[1-9]\\d*(,[1-9]\\d*)*")) {
      throw new IllegalArgumentException("--jobs takes numbers like 1,2,4");
    }
  }
}
