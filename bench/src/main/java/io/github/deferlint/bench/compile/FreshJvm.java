package io.github.deferlint.bench.compile;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.deferlint.bench.compile.TimedJavac.Run;
import io.github.deferlint.bench.compile.TimedJavac.Workload;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One compilation in a JVM of its own, as a build or a CI run has it: class loading, the JIT and
 * every initialization paid once per JVM count, as they do for users. The parent times the whole
 * child process (start to exit); the child reports what it saw inside: its own compile time, the
 * classes it loaded, the time its JIT compilers took, and each check's time.
 */
final class FreshJvm {
  /**
   * What a child reports besides the run, for "where does the cold time go". Its CPU time counts
   * every thread of the process (javac's, the JIT's, the collector's) and none of the time it
   * waited for a core, so it moves less than the wall clock when other work shares the machine.
   */
  record Inside(
      long loadedClasses, long jitMillis, double compileSeconds, double processCpuSeconds) {}

  /** A run timed from outside, and what the child saw inside (null for a run in this JVM). */
  record Measured(Run run, @Nullable Inside inside) {}

  private final Set<String> checks;
  private final List<Path> processorPath;

  FreshJvm(List<Path> processorPath, Set<String> checks) {
    this.processorPath = processorPath;
    this.checks = checks;
  }

  /** Compiles {@code workload} with {@code flags} in a new JVM like this one. */
  Measured compile(Workload workload, List<String> flags, Path output, Path work)
      throws IOException, InterruptedException {
    Path request = Files.createTempFile(work, "fresh", ".txt");
    List<String> lines = new ArrayList<>();
    lines.add(String.join(" ", flags));
    lines.add(output.toString());
    lines.add(workload.name());
    workload.classpath().forEach(entry -> lines.add("cp " + entry));
    processorPath.forEach(entry -> lines.add("pp " + entry));
    checks.forEach(check -> lines.add("check " + check));
    workload.sources().forEach(source -> lines.add("src " + source));
    Files.write(request, lines, UTF_8);

    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(FreshJvm.class.getName());
    command.add(request.toString());
    Path report = Files.createTempFile(work, "fresh", ".out");
    long start = System.nanoTime();
    Process child =
        new ProcessBuilder(command)
            .redirectOutput(report.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int status = child.waitFor();
    double wall = (System.nanoTime() - start) / 1e9;
    List<String> reported = Files.readAllLines(report, UTF_8);
    Files.delete(request);
    Files.delete(report);
    if (status != 0 || reported.isEmpty()) {
      throw new IllegalStateException(
          workload.name() + " in a fresh JVM exited with " + status + ": " + reported);
    }
    return parse(wall, reported.get(reported.size() - 1));
  }

  /** The child: one compilation, then one line of figures on standard output. */
  public static void main(String[] args) throws Exception {
    List<String> lines = Files.readAllLines(Paths.get(args[0]), UTF_8);
    List<String> flags = lines.get(0).isBlank() ? List.of() : List.of(lines.get(0).split(" "));
    Path output = Paths.get(lines.get(1));
    List<Path> classpath = new ArrayList<>();
    List<Path> processorPath = new ArrayList<>();
    List<Path> sources = new ArrayList<>();
    Set<String> checks = new java.util.TreeSet<>();
    for (String line : lines.subList(3, lines.size())) {
      String value = line.substring(line.indexOf(' ') + 1);
      switch (line.substring(0, line.indexOf(' '))) {
        case "cp" -> classpath.add(Paths.get(value));
        case "pp" -> processorPath.add(Paths.get(value));
        case "check" -> checks.add(value);
        default -> sources.add(Paths.get(value));
      }
    }
    Run run =
        new TimedJavac(processorPath, checks)
            .compile(new Workload(lines.get(2), sources, classpath), flags, output);
    long jit =
        ManagementFactory.getCompilationMXBean() == null
            ? -1
            : ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    double processCpu =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean system
            ? system.getProcessCpuTime() / 1e9
            : -1;
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "wall=%.4f cpu=%.4f allocated=%d peak=%d live=%d findings=%d classes=%d jit=%d"
                    + " processcpu=%.4f",
                run.wallSeconds(),
                run.cpuSeconds(),
                run.allocatedBytes(),
                run.peakHeapBytes(),
                run.liveHeapBytes(),
                run.findings(),
                ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount(),
                jit,
                processCpu));
    run.secondsByCheck()
        .forEach(
            (check, seconds) ->
                line.append(String.format(Locale.ROOT, " %s=%.4f", check, seconds)));
    System.out.println(line);
  }

  private static Measured parse(double wall, String line) {
    Map<String, String> values = new TreeMap<>();
    for (String field : line.trim().split(" ", -1)) {
      int equals = field.indexOf('=');
      values.put(field.substring(0, equals), field.substring(equals + 1));
    }
    Map<String, Double> byCheck = new TreeMap<>();
    values.forEach(
        (key, value) -> {
          if (Character.isUpperCase(key.charAt(0))) {
            byCheck.put(key, Double.parseDouble(value));
          }
        });
    Run run =
        new Run(
            wall,
            Double.parseDouble(values.get("cpu")),
            Long.parseLong(values.get("allocated")),
            Long.parseLong(values.get("peak")),
            Long.parseLong(values.get("live")),
            Integer.parseInt(values.get("findings")),
            byCheck);
    return new Measured(
        run,
        new Inside(
            Long.parseLong(values.get("classes")),
            Long.parseLong(values.get("jit")),
            Double.parseDouble(values.get("wall")),
            Double.parseDouble(values.get("processcpu"))));
  }
}
