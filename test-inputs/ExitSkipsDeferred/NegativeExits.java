import com.google.common.io.Closer;
import io.github.deferlint.defer.Defer;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;

/** Exits where no deferred action is still to run, or in code that runs elsewhere. */
class NegativeExits {
  interface Runner {
    int run(Writer report) throws IOException;
  }

  /**
   * The fix of ardanlabs/service#83 and cucumber-jvm#173: the scope returns the status and the JVM
   * exits after it ended, every action done.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: run <report>");
      System.exit(64); // Nothing registered yet.
    }
    int status = run((Writer report) -> 0, Path.of(args[0]));
    System.exit(status);
  }

  static int run(Runner runner, Path reportFile) throws IOException {
    return Defer.call(scope -> {
      if (!Files.isWritable(reportFile.getParent())) {
        System.exit(73); // Before the first registration.
      }
      Writer report = scope.closing(Files.newBufferedWriter(reportFile));
      return runner.run(report);
    });
  }

  /** A watchdog thread may halt the JVM: that code runs elsewhere, not in the scope. */
  static void withWatchdog(ExecutorService executor, Runnable work) {
    Defer.run(scope -> {
      scope.defer(executor::shutdownNow);
      executor.submit(() -> {
        Thread.sleep(60_000);
        Runtime.getRuntime().halt(1);
        return null;
      });
      work.run();
    });
  }

  /** The first action registered is the last to run: nothing is left when it exits. */
  static void exitLast(Path spool) {
    Defer.run(scope -> {
      scope.defer(() -> System.exit(0));
      scope.defer(() -> Files.deleteIfExists(spool));
    });
  }

  /** The closer is closed by the time the finally and the code after the try run. */
  static void afterTheCloser(Path from) throws IOException {
    Closer closer = Closer.create();
    try {
      closer.register(Files.newInputStream(from));
    } finally {
      closer.close();
      if (Files.size(from) == 0) {
        System.exit(1);
      }
    }
    System.exit(0);
  }

  /** A plain try-with-resources is no deferral scope: its resource is Java's business. */
  static void plainTry(Path from) throws IOException {
    try (var in = Files.newInputStream(from)) {
      if (in.read() < 0) {
        System.exit(1);
      }
    }
  }
}
