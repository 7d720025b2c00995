import io.github.deferlint.defer.Defer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Arguments evaluated at registration on purpose, or never changed afterwards. */
class NegativeEagerArguments {
  interface Pool {
    Lease get();
  }

  interface Lease {
    void release();
  }

  static void log(Object message) {}

  static void trace(String name, long startNanos) {
    log(name + " took " + (System.nanoTime() - startNanos) + " ns");
  }

  void valueNeverReassigned(String user) {
    Defer.run(scope -> {
      int attempts = 3;
      scope.defer(NegativeEagerArguments::log, user + " after " + attempts);
    });
  }

  void closingTakesTheResourceOnPurpose(Path path) throws IOException {
    Defer.run(scope -> {
      InputStream in = scope.closing(Files.newInputStream(path));
      in.read();
      in = scope.closing(Files.newInputStream(path));
      in.read();
    });
  }

  void reassignedOnlyInTheOtherBranch(boolean verbose) {
    Defer.run(scope -> {
      String level = "info";
      if (verbose) {
        scope.defer(NegativeEagerArguments::log, level);
      } else {
        level = "debug";
      }
    });
  }

  void freshVariableEachIteration(List<Path> paths) throws IOException {
    Defer.run(scope -> {
      for (Path path : paths) {
        InputStream in = Files.newInputStream(path);
        scope.defer(in::close);
      }
    });
  }

  void goTimingIdiom() {
    // Go's `defer trace("load", time.Now())`: the start time is meant to be taken now.
    Defer.run(scope -> {
      scope.defer(NegativeEagerArguments::trace, "load", System.nanoTime());
      scope.defer(NegativeEagerArguments::log, Instant.now());
    });
  }

  void timeLeftIdiom(Instant deadline, long deadlineNanos) {
    // The time left until a deadline, computed now on purpose: the clock is the interval's start.
    Defer.run(scope -> {
      scope.defer(NegativeEagerArguments::log, Duration.between(Instant.now(), deadline));
      scope.defer(NegativeEagerArguments::log, deadlineNanos - System.nanoTime());
      scope.defer(NegativeEagerArguments::log, Instant.now().until(deadline, ChronoUnit.MILLIS));
    });
  }

  static final long RETENTION_MILLIS = java.util.concurrent.TimeUnit.DAYS.toMillis(7);

  void cutoffIdiom(Duration window) {
    // A point in the past, a length of time before now: the clock is not an interval's end.
    Defer.run(scope -> {
      scope.defer(NegativeEagerArguments::log, System.currentTimeMillis() - RETENTION_MILLIS);
      scope.defer(NegativeEagerArguments::log, System.currentTimeMillis() - 60_000);
      scope.defer(NegativeEagerArguments::log, System.nanoTime() - window.toNanos());
    });
  }

  void callChainIdiom(Pool pool) {
    Defer.run(scope -> scope.defer(pool.get()::release));
  }

  void lambdaReadsWhenItRuns() {
    Defer.run(scope -> {
      StringBuilder status = new StringBuilder("running");
      scope.defer(() -> log(status));
      status.setLength(0);
      status.append("done");
    });
  }

  interface Connection extends AutoCloseable {
    @Override
    void close();
  }

  static Connection connect() {
    return null;
  }

  /** Reopen, register, reopen, register: every connection is closed when the scope ends. */
  void reopenAndRegisterEach() {
    Defer.run(scope -> {
      Connection connection = connect();
      scope.defer(connection::close);
      log(connection);
      connection = connect();
      scope.defer(connection::close);
      log(connection);
    });
  }

  /** The same in a loop, each new one handed to closing (DeferInLoop's business, not this one's). */
  void reopenInALoop(int count) {
    Defer.run(scope -> {
      Connection connection = connect();
      scope.defer(connection::close);
      for (int i = 0; i < count; i++) {
        connection = connect();
        scope.closing(connection);
      }
    });
  }

  /** A supplier handed to the deferred call is called when the action runs, not now. */
  void clockInASupplierForLater() {
    long start = System.nanoTime();
    Defer.run(scope -> {
      scope.defer(
          supplier -> log(supplier.getAsLong()),
          (java.util.function.LongSupplier) () -> System.nanoTime() - start);
    });
  }

  static long timed(java.util.function.LongSupplier clock) {
    return clock.getAsLong();
  }

  /** A helper that calls its function at once is out of sight: quiet, as documented. */
  void clockThroughAHelper() {
    long start = System.nanoTime();
    Defer.run(scope -> scope.defer(NegativeEagerArguments::log, timed(() -> System.nanoTime() - start)));
  }
}
