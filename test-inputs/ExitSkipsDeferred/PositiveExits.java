import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Scope;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** The JVM ends inside a scope after a registration: the deferred actions never run. */
class PositiveExits {
  interface Runner {
    int run(Writer report) throws IOException;
  }

  /**
   * A command-line runner writes its report through a buffered writer and exits with the run's
   * status (cucumber-jvm #173: System.exit left the report files empty, never flushed).
   */
  static void runAndExit(Runner runner, Path reportFile) throws IOException {
    Defer.run(scope -> {
      Writer report = scope.closing(Files.newBufferedWriter(reportFile));
      int status = runner.run(report);
      // BUG: Diagnostic contains: the actions registered on line 23 never run
      System.exit(status);
    });
  }

  /**
   * A fatal-error helper that logs and exits, like Go's log.Fatal: the log is buffered and the
   * flush deferred, so the last messages, the error among them, are lost (golang/go#15402).
   */
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

  /**
   * A lock file removed by a deferred action: exiting on an error leaves it behind, and every later
   * run finds the lock taken (martingallagher/gawp#9).
   */
  static void exclusively(Path lockFile, Runnable work) throws IOException {
    Defer.run(scope -> {
      Files.writeString(lockFile, "locked", StandardOpenOption.CREATE_NEW);
      scope.defer(() -> Files.delete(lockFile));
      try {
        work.run();
      } catch (RuntimeException e) {
        // BUG: Diagnostic contains: before the scope `scope` ends: the actions registered on line 61 never run
        System.exit(2);
      }
    });
  }

  /** A temp file deleted on the way out, unless the check fails (docwhat/temple#10). */
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
        // BUG: Diagnostic contains: in a deferred action of `scope`, before the actions still to run: the actions registered on line 96 never run
        System.exit(0);
      });
    });
  }
}
