package io.github.deferlint.bench.compile;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.errorprone.ErrorProneTimings;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticListener;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Runs javac in this JVM through javax.tools with Error Prone as a plugin, as a build does, and
 * measures the run. Error Prone and the checks are on this JVM's class path, so every run uses the
 * same, warmed-up classes.
 */
final class TimedJavac {
  /** What one compilation cost. */
  record Run(
      double wallSeconds,
      double cpuSeconds,
      long allocatedBytes,
      long peakHeapBytes,
      long liveHeapBytes,
      int findings,
      Map<String, Double> secondsByCheck) {
    /** The time the deferlint checks took, by Error Prone's own per-check timing. */
    double checksSeconds() {
      return secondsByCheck.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  /** Sources and the class path they compile against. */
  record Workload(String name, List<Path> sources, List<Path> classpath) {}

  private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final HeapWatch heap = new HeapWatch();
  private final String processorPath;
  private final Set<String> checks;

  /**
   * @param processorPath where Error Prone finds the checks, as {@code -processorpath}
   * @param checks the deferlint checks, whose findings each run counts
   */
  TimedJavac(List<Path> processorPath, Set<String> checks) {
    this.processorPath = join(processorPath);
    this.checks = checks;
  }

  /**
   * Compiles {@code workload} into {@code output} with {@code errorProneFlags}; every Error Prone
   * error is a warning, so that each run goes all the way to class files.
   */
  Run compile(Workload workload, List<String> errorProneFlags, Path output)
      throws IOException, InterruptedException {
    Files.createDirectories(output);
    List<String> options =
        List.of(
            "-XDcompilePolicy=simple",
            "--should-stop=ifError=FLOW",
            "-proc:none",
            "-encoding",
            "UTF-8",
            "-Xmaxwarns",
            "1000000",
            "-Xmaxerrs",
            "1000000",
            "-d",
            output.toString(),
            "-classpath",
            join(workload.classpath()),
            "-processorpath",
            processorPath,
            "-Xplugin:ErrorProne -XepAllErrorsAsWarnings " + String.join(" ", errorProneFlags));
    int[] findings = {0};
    List<String> errors = new ArrayList<>();
    DiagnosticListener<JavaFileObject> counter =
        diagnostic -> {
          if (checks.contains(checkOf(diagnostic))) {
            findings[0]++;
          } else if (diagnostic.getKind() == Diagnostic.Kind.ERROR && errors.size() < 10) {
            errors.add(diagnostic.toString());
          }
        };
    StringWriter out = new StringWriter();

    System.gc();
    heap.start();
    long allocated = threads.getCurrentThreadAllocatedBytes();
    long cpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    boolean succeeded;
    Map<String, Double> secondsByCheck = new TreeMap<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(counter, Locale.ROOT, UTF_8)) {
      JavacTask task =
          (JavacTask)
              javac.getTask(
                  out,
                  files,
                  counter,
                  options,
                  null,
                  files.getJavaFileObjectsFromPaths(workload.sources()));
      Object context = contextOf(task);
      task.addTaskListener(
          new TaskListener() {
            @Override
            public void finished(TaskEvent event) {
              if (event.getKind() == TaskEvent.Kind.COMPILATION) {
                secondsByCheck.putAll(secondsByCheck(timingsOf(context)));
              }
            }
          });
      succeeded = task.call();
    }
    long wall = System.nanoTime() - start;
    cpu = threads.getCurrentThreadCpuTime() - cpu;
    allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
    heap.stop();
    if (!succeeded) {
      throw new IllegalStateException(
          workload.name()
              + " does not compile with "
              + errorProneFlags
              + ":\n"
              + String.join("\n", errors)
              + out);
    }
    return new Run(
        wall / 1e9,
        cpu / 1e9,
        allocated,
        heap.peakBytes(),
        heap.liveBytes(),
        findings[0],
        secondsByCheck);
  }

  /** The time each deferlint check took, by Error Prone's own per-check timing. */
  private Map<String, Double> secondsByCheck(Map<String, Duration> timings) {
    Map<String, Double> seconds = new TreeMap<>();
    timings.forEach(
        (check, time) -> {
          if (checks.contains(check)) {
            seconds.put(check, time.toNanos() / 1e9);
          }
        });
    return seconds;
  }

  /**
   * Error Prone times every check on every node ({@link ErrorProneTimings}) and keeps the figures
   * in javac's context, which javax.tools does not expose: reflection reaches it (this JVM runs
   * with javac's internals exported, as Error Prone needs).
   */
  private static Object contextOf(JavacTask task) {
    try {
      return task.getClass().getMethod("getContext").invoke(task);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("javac's context is out of reach", e);
    }
  }

  private static Map<String, Duration> timingsOf(Object context) {
    try {
      return ((ErrorProneTimings)
              ErrorProneTimings.class
                  .getMethod("instance", context.getClass())
                  .invoke(null, context))
          .timings();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Error Prone's timings are out of reach", e);
    }
  }

  private static String checkOf(Diagnostic<?> diagnostic) {
    String message = diagnostic.getMessage(Locale.ROOT);
    int end = message.indexOf(']');
    return message.startsWith("[") && end > 0 ? message.substring(1, end) : "";
  }

  private static String join(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }

  /** The Java files under {@code directory}, module descriptors left out (a class path build). */
  static List<Path> javaFiles(Path directory) throws IOException {
    try (var files = Files.walk(directory)) {
      return files
          .filter(file -> file.toString().endsWith(".java"))
          .filter(file -> !file.getFileName().toString().equals("module-info.java"))
          .sorted()
          .collect(Collectors.toCollection(ArrayList::new));
    }
  }
}
