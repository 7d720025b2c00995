import com.google.common.io.Closer;
import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Deferred;
import io.github.deferlint.defer.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Deferred lambdas and method references that call, when the scope ends, what returns a cleanup. */
class PositiveDiscardedActions {
  /** A timer whose context, closed, records the elapsed time (Dropwizard's Timer.time()). */
  interface Timer {
    Context time();

    interface Context extends AutoCloseable {
      @Override
      void close();
    }
  }

  static void log(Object message) {}

  /** Go's trace idiom: starts timing now, returns what logs the elapsed time. */
  static Runnable measureTime(String job) {
    long start = System.nanoTime();
    return () -> log(job + " took " + (System.nanoTime() - start) + " ns");
  }

  /** An action that runs {@code close} and keeps its failure in {@code errors}. */
  static Deferred capture(List<Exception> errors, Deferred close) {
    return () -> {
      try {
        close.run();
      } catch (Exception e) {
        errors.add(e);
      }
    };
  }

  /** Puts a key into the logging context until the returned handle is closed (SLF4J's MDC). */
  static AutoCloseable putCloseable(String key, String value) {
    return () -> log("removed " + key);
  }

  /**
   * influxdata/influxdb#25950: {@code defer errors2.Capture(&rErr, schemaFile.Close)} lacked its
   * last {@code ()}, so Capture ran at the end and the closing function it returned never did: the
   * schema file was never closed.
   */
  void writeSchema(Path file, String schema, List<Exception> errors) throws IOException {
    Defer.run(scope -> {
      Writer out = Files.newBufferedWriter(file);
      // BUG: Diagnostic contains: `capture(errors, out::close)` runs only when the scope ends, and the action it returns is never run
      scope.defer(() -> capture(errors, out::close));
      out.write(schema);
    });
  }

  /** kisielk/errcheck#166: {@code defer MeasureTime()} where {@code MeasureTime()()} was meant. */
  void runJob(String job) {
    Defer.run(scope -> {
      // BUG: Diagnostic contains: `scope.defer(measureTime(job)::run)`
      scope.defer(() -> measureTime(job));
      log("running " + job);
    });
  }

  /** The same through a method reference: the argument is taken now, the call made later. */
  void runNamedJob(String job) {
    Defer.run(scope -> {
      // BUG: Diagnostic contains: the method reference discards it
      scope.defer(PositiveDiscardedActions::measureTime, job);
      log("running " + job);
    });
  }

  /** The timer starts when the scope ends, and its context is never closed: nothing is timed. */
  int timedQuery(Timer timer, String sql) {
    return Defer.call(scope -> {
      // BUG: Diagnostic contains: `scope.closing(timer.time())`
      scope.defer(timer::time);
      return sql.length();
    });
  }

  /** The key is put into the context at the end, and stays there. */
  void handle(String requestId) {
    Defer.run(scope -> {
      // BUG: Diagnostic contains: the resource it returns is never closed
      scope.defer(() -> putCloseable("request", requestId));
      log("handling");
    });
  }

  /** A helper given the caller's scope. */
  static void openLog(Scope scope, Path path) {
    // BUG: Diagnostic contains: `scope.closing(Files.newInputStream(path))`
    scope.defer(() -> Files.newInputStream(path));
  }

  /** Guava's Closer: the stream is opened when the closer closes, and left open. */
  long size(Path path) throws IOException {
    try (Closer closer = Closer.create()) {
      // BUG: Diagnostic contains: runs only when `closer` is closed, and the resource it returns is never closed: the lambda discards it. To make the call now and have the scope close what it returns (Go's `defer f()()`), register that instead: `closer.register(Files.newInputStream(path))`.
      closer.register(() -> Files.newInputStream(path));
      return Files.size(path);
    }
  }

  /** The trace of an inner scope, registered on the outer one by its own name. */
  void nested(String job) {
    Defer.run(outer -> {
      Defer.run(inner -> {
        // BUG: Diagnostic contains: `outer.defer(measureTime(job)::run)`
        outer.defer(() -> measureTime(job));
        inner.defer(() -> log("inner done"));
      });
    });
  }

  /** An anonymous action class, built when the scope ends and never run. */
  void anonymous() {
    Defer.run(scope -> {
      // BUG: Diagnostic contains: the action it returns is never run
      scope.defer(() -> new Deferred() {
        @Override
        public void run() {
          log("done");
        }
      });
    });
  }
}
