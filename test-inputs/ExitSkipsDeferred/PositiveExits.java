import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Scope;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;

/** The JVM ends inside a scope after a registration: the deferred actions never run. */
class PositiveExits {
  interface Port {
    void release();
  }

  interface Logs {
    void flushAndStop();
  }

  interface Service {
    void start() throws Exception;

    void awaitTerminated();
  }

  interface Store {
    void close();
  }

  // TonY: the task's exit code was passed to System.exit inside the try, so the finally never freed the reserved port — https://github.com/tony-framework/TonY/pull/472
  static void runTask(Port port, Callable<Integer> task) throws Exception {
    Defer.run(scope -> {
      scope.defer(port::release);
      int code = task.call();
      // BUG: Diagnostic contains: `System.exit(code)` ends the JVM before the scope `scope` ends: the actions registered on line 35 never run
      System.exit(code);
    });
  }

  // Apache Twill TWILL-80: an exit in an inner catch skipped the finally that flushes the log, the error that explains the exit included — https://github.com/apache/twill/commit/fdd7a25d0faa582c39532d0184157cc83e892123
  static void serve(Logs logs, Service service) {
    Defer.run(scope -> {
      scope.defer(logs::flushAndStop);
      try {
        service.start();
      } catch (Exception e) {
        System.err.println("init failed: " + e);
        // BUG: Diagnostic contains: the actions registered on line 45 never run
        System.exit(10);
      }
      service.awaitTerminated();
    });
  }

  // Apache Samza SAMZA-2721: a helper that exits, called inside the try, skipped closing the coordinator store — https://github.com/apache/samza/commit/664ebb0adddd6c4bb65c1c213e55888a1df67f49
  static void launch(Store store, Callable<Throwable> container) throws Exception {
    Defer.run(scope -> {
      scope.defer(store::close);
      if (container.call() != null) {
        // BUG: Diagnostic contains: `exitProcess(1)` ends the JVM (every path of `exitProcess` calls `System.exit`)
        exitProcess(1);
      }
    });
  }

  static void exitProcess(int status) {
    System.exit(status);
  }

  interface Runner {
    int run(Writer report) throws IOException;
  }

  // cucumber-jvm: the runner exited with the run's status while its report writers were still open: the report files stayed empty — https://github.com/cucumber/cucumber-jvm/pull/173
  static void runAndExit(Runner runner, Path reportFile) throws IOException {
    Defer.run(scope -> {
      Writer report = scope.closing(Files.newBufferedWriter(reportFile));
      int status = runner.run(report);
      // BUG: Diagnostic contains: the actions registered on line 79 never run
      System.exit(status);
    });
  }

  // Go's log.Fatal with a buffered log whose flush is deferred: the last messages, the error among them, are lost — https://github.com/golang/go/issues/15402
  static void process(Path logFile, List<String> inputs) throws IOException {
    Defer.run(scope -> {
      BufferedWriter log = Files.newBufferedWriter(logFile);
      scope.defer(log::close);
      scope.defer(log::flush);
      for (String input : inputs) {
        log.write("processing " + input + "\n");
        if (input.isEmpty()) {
          // BUG: Diagnostic contains: `fatal("empty input")` ends the JVM (every path of `fatal` calls `System.exit`)
          fatal("empty input");
        }
      }
    });
  }

  private static void fatal(String message) {
    System.err.println(message);
    System.exit(1);
  }

  // A lock file removed by a deferred action stays behind, and every later run finds it taken — https://github.com/martingallagher/gawp/issues/9
  static void exclusively(Path lockFile, Runnable work) throws IOException {
    Defer.run(scope -> {
      Files.writeString(lockFile, "locked", StandardOpenOption.CREATE_NEW);
      scope.defer(() -> Files.delete(lockFile));
      try {
        work.run();
      } catch (RuntimeException e) {
        // BUG: Diagnostic contains: before the scope `scope` ends: the actions registered on line 111 never run
        System.exit(2);
      }
    });
  }

  // A temp file deleted on the way out, unless the check fails — https://github.com/docwhat/temple/issues/10
  static void render(String template) throws IOException {
    Defer.run(scope -> {
      Path rendered = Files.createTempFile("render", ".txt");
      scope.defer(() -> Files.deleteIfExists(rendered));
      Files.writeString(rendered, template);
      if (Files.size(rendered) == 0) {
        // BUG: Diagnostic contains: call `System.exit` after it ended
        System.exit(3);
      }
    });
  }

  /** A helper given the scope, which registers and then halts: not even shutdown hooks run. */
  static void openOrDie(Scope scope, Path path) throws IOException {
    scope.closing(Files.newInputStream(path));
    if (!Files.isReadable(path)) {
      // BUG: Diagnostic contains: (not even shutdown hooks run)
      Runtime.getRuntime().halt(4);
    }
  }

  /** Exiting in a deferred action skips the actions registered before it, which run after it. */
  static void cleanUpThenExit(Path spool) {
    Defer.run(scope -> {
      scope.defer(() -> Files.deleteIfExists(spool));
      scope.defer(() -> {
        System.out.flush();
        // BUG: Diagnostic contains: in a deferred action of `scope`, before the actions still to run: the actions registered on line 146 never run
        System.exit(0);
      });
    });
  }

  /** A tool's commands call the helper of a class beside theirs, as a main class's nested Cli. */
  static final class Commands {
    static void export(Store store, Callable<Throwable> job) throws Exception {
      Defer.run(scope -> {
        scope.defer(store::close);
        if (job.call() != null) {
          // BUG: Diagnostic contains: (every path of `fail` calls `System.exit`)
          Cli.fail("export failed");
        }
      });
    }
  }

  static final class Cli {
    static void fail(String message) {
      System.err.println(message);
      System.exit(2);
    }
  }

  /** Registered on the outer scope from the body of an inner one, which has ended: still pending. */
  static void fromAnInnerBody(Path spool) {
    Defer.run(outer -> {
      Defer.run(inner -> {
        inner.defer(() -> System.out.println("inner done"));
        outer.defer(() -> Files.deleteIfExists(spool));
      });
      // BUG: Diagnostic contains: before the scope `outer` ends: the actions registered on line 180 never run
      System.exit(0);
    });
  }

  /** A switch on a null string throws, though nothing in the try calls anything. */
  static void configure(String mode, Path spool) {
    Defer.run(scope -> {
      scope.defer(() -> Files.deleteIfExists(spool));
      int level;
      try {
        switch (mode) {
          case "fast" -> level = 1;
          default -> level = 2;
        }
      } catch (NullPointerException noMode) {
        // BUG: Diagnostic contains: the actions registered on line
        System.exit(64);
        return;
      }
      System.out.println(level);
    });
  }
}
