package io.github.deferlint.bench.lint;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.management.OperatingSystemMXBean;
import io.github.deferlint.bench.compile.HeapWatch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One run of the lint runner in a JVM of its own, as a CI step runs it, for {@link LintJobs}: runs
 * {@code deferlint ARGS} in this JVM, then prints one line, {@code wall-ms cpu-ms peak-heap-bytes
 * live-heap-bytes status report-sha256}. The CPU time is the whole process's since it started (JIT
 * and garbage collector included), the wall time the runner's alone.
 */
public final class LintRun {
  /** The runner's status for bad usage or input. */
  private static final int BAD_INPUT = 2;

  private LintRun() {}

  public static void main(String[] args) throws Exception {
    HeapWatch heap = new HeapWatch();
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    ByteArrayOutputStream messages = new ByteArrayOutputStream();
    // Found at run time: the benchmarks compile for Java 17, the runner for 21.
    Method runner =
        Class.forName("io.github.deferlint.cli.Main")
            .getMethod("run", Path.class, String[].class, PrintStream.class, PrintStream.class);
    heap.start();
    long start = System.nanoTime();
    int status =
        (Integer)
            runner.invoke(
                null,
                Path.of(""),
                args,
                new PrintStream(report, true, UTF_8),
                new PrintStream(messages, true, UTF_8));
    long wallNanos = System.nanoTime() - start;
    heap.stop();
    long cpuNanos =
        ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getProcessCpuTime();
    if (status == BAD_INPUT) {
      System.err.print(messages.toString(UTF_8));
    }
    System.out.printf(
        Locale.ROOT,
        "%d %d %d %d %d %s%n",
        wallNanos / 1_000_000,
        cpuNanos / 1_000_000,
        heap.peakBytes(),
        heap.liveBytes(),
        status,
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(report.toByteArray())));
  }
}
