package io.github.deferlint.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The JVM ran out of something while compiling: heap, stack, threads. Neither the user's code nor
 * deferlint is wrong; a limit is to be raised, and {@link #describe} says which and how.
 */
final class JvmLimitReached extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final long MB = 1024 * 1024;

  private final @Nullable String file;

  /**
   * @param file the file being compiled when it happened, as reports name it, or null
   */
  JvmLimitReached(VirtualMachineError limit, @Nullable String file) {
    super(limit);
    this.file = file;
  }

  /** The JVM's error among the causes of {@code thrown} (javac wraps some), if there is one. */
  static Optional<VirtualMachineError> causeOf(Throwable thrown) {
    // Bounded: a chain of causes can be made to loop (a caused by b caused by a).
    Throwable cause = thrown;
    for (int depth = 0; cause != null && depth < 64; depth++, cause = cause.getCause()) {
      if (cause instanceof VirtualMachineError limit) {
        return Optional.of(limit);
      }
    }
    return Optional.empty();
  }

  /**
   * One line: what ran out, while compiling which file, and how to give the JVM more of it.
   *
   * @param jobs how many batches were compiled at once
   */
  String describe(int jobs) {
    Throwable limit = getCause();
    String where = file == null ? "" : " while compiling " + file;
    if (limit instanceof StackOverflowError) {
      return "out of stack (StackOverflowError)"
          + where
          + ": code nested this deeply needs a bigger thread stack, e.g."
          + " DEFERLINT_JAVA_OPTS=-Xss16m"
          + threadStackSize().map(size -> " (it is " + size + " now)").orElse("");
    }
    if (limit instanceof OutOfMemoryError) {
      String what = limit.getMessage() == null ? "Java heap space" : limit.getMessage();
      String hint;
      if (what.contains("Metaspace")) {
        hint = "give the JVM more with DEFERLINT_JAVA_OPTS=-XX:MaxMetaspaceSize=1g";
      } else if (what.contains("native thread")) {
        hint = "compile fewer batches at a time than " + jobs + ", e.g. with --jobs 1";
      } else {
        hint =
            "the heap is "
                + Runtime.getRuntime().maxMemory() / MB
                + " MB; give the JVM more, e.g. DEFERLINT_JAVA_OPTS=-Xmx2g"
                + (jobs > 1
                    ? ", or compile fewer batches at a time than " + jobs + " (--jobs)"
                    : "");
      }
      return "out of memory (" + what + ")" + where + ": " + hint;
    }
    return "the JVM failed (" + limit + ")" + where;
  }

  /** {@code -Xss}, as {@code 1024 KB}, where the JVM tells it. */
  private static Optional<String> threadStackSize() {
    try {
      return Optional.of(
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                  .getVMOption("ThreadStackSize")
                  .getValue()
              + " KB");
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
