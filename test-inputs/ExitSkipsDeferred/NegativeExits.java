import com.google.common.io.Closer;
import io.github.deferlint.defer.Defer;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Exits where no deferred action is still to run, or in code that runs elsewhere. */
class NegativeExits {
  interface Port {
    void release();
  }

  interface Store {
    void close();
  }

  interface Runner {
    int run(Writer report) throws IOException;
  }

  // TonY's fix: the exit code is kept, and the JVM exits once the scope has released the port — https://github.com/tony-framework/TonY/pull/472
  static void runTask(Port port, Callable<Integer> task) throws Exception {
    int code = Defer.call(scope -> {
      scope.defer(port::release);
      return task.call();
    });
    System.exit(code);
  }

  // Apache Jackrabbit Oak OAK-2293's fix: usage errors exit before anything is registered, failures throw, and the single exit comes after the finally — https://github.com/apache/jackrabbit-oak/commit/173fd3cd706a1e6645b07274bfcf32c7ceb84f33
  static void checkpoints(String[] args, Store store) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: checkpoints <path>");
      System.exit(1);
    }
    boolean success = false;
    Closer closer = Closer.create();
    try {
      closer.register(store::close);
      success = args[0].equals("list");
    } catch (Throwable t) {
      System.err.println(t.getMessage());
    } finally {
      closer.close();
    }
    if (!success) {
      System.exit(1);
    }
  }

  // Apache Samza SAMZA-2721's fix: the exit is the last cleanup, registered first so that it runs after the store was closed — https://github.com/apache/samza/commit/664ebb0adddd6c4bb65c1c213e55888a1df67f49
  static void launch(Store store, Callable<Throwable> container) throws Exception {
    int[] exitCode = {0};
    Defer.run(scope -> {
      scope.defer(() -> {
        if (exitCode[0] != 0) {
          exitProcess(exitCode[0]);
        }
      });
      scope.defer(store::close);
      if (container.call() != null) {
        exitCode[0] = 1;
      }
    });
  }

  static void exitProcess(int status) {
    System.exit(status);
  }

  /** Arguments checked before the first registration; the status returned, the exit after. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: run <report>");
      System.exit(64);
    }
    int status = run((Writer report) -> 0, Path.of(args[0]));
    System.exit(status);
  }

  static int run(Runner runner, Path reportFile) throws IOException {
    return Defer.call(scope -> {
      if (!Files.isWritable(reportFile.getParent())) {
        System.exit(73);
      }
      Writer report = scope.closing(Files.newBufferedWriter(reportFile));
      return runner.run(report);
    });
  }

  /** A watchdog thread may halt the JVM: that code runs elsewhere, not in the scope. */
  static void withWatchdog(ExecutorService executor, Runnable work) {
    Defer.run(scope -> {
      scope.defer(executor::shutdownNow);
      Future<?> alarm = executor.submit(() -> {
        Thread.sleep(60_000);
        Runtime.getRuntime().halt(1);
        return null;
      });
      work.run();
      alarm.cancel(true);
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

  /** A helper of a class beside this one that a subclass may override: it may not exit. */
  static void report(Store store, Reporter reporter) {
    Defer.run(scope -> {
      scope.defer(store::close);
      reporter.fail("report failed");
    });
  }

  static class Reporter {
    void fail(String message) {
      System.err.println(message);
      System.exit(3);
    }
  }

  /** The inner scope's own actions ran when its body ended, before the exit. */
  static void innerScopeEndedFirst(Path spool) {
    Defer.run(outer -> {
      Defer.run(inner -> inner.defer(() -> Files.deleteIfExists(spool)));
      System.exit(0);
    });
  }
}
