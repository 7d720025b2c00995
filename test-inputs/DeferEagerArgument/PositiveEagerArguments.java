import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Scope;
import java.time.Duration;
import java.time.Instant;

/** Arguments and receivers captured at registration by mistake. */
class PositiveEagerArguments {
  interface Connection extends AutoCloseable {
    @Override
    void close();
  }

  private Connection current;

  static Connection connect() {
    return null;
  }

  static void print(Object value) {}

  static void record(Duration elapsed) {}

  void goClassicPrintsTwo() {
    Defer.run(scope -> {
      int a = 1;
      // BUG: Diagnostic contains: not as assigned on line 28
      scope.defer(PositiveEagerArguments::print, a + 1);
      a = 99;
    });
  }

  void errorAssignedLater() {
    Defer.run(scope -> {
      Exception error = null;
      // BUG: Diagnostic contains: `error` as it is here
      scope.defer(PositiveEagerArguments::print, error);
      try {
        connect().close();
      } catch (RuntimeException e) {
        error = e;
      }
    });
  }

  void helperParameter(Scope scope, String phase) {
    // BUG: Diagnostic contains: `phase`
    scope.defer(PositiveEagerArguments::print, phase);
    phase = "done";
  }

  void elapsedTimeOfZero(Instant start) {
    Defer.run(scope -> {
      // BUG: Diagnostic contains: elapsed time of about zero
      scope.defer(PositiveEagerArguments::record, Duration.between(start, Instant.now()));
      // BUG: Diagnostic contains: elapsed time of about zero
      scope.defer(PositiveEagerArguments::print, start.until(Instant.now(), java.time.temporal.ChronoUnit.MILLIS));
    });
  }

  void oldConnectionClosedNewOneLeaks() {
    Defer.run(scope -> {
      Connection connection = connect();
      // BUG: Diagnostic contains: binds `connection` now
      scope.defer(connection::close);
      connection = connect();
    });
  }

  void fieldReassignedLater() {
    Defer.run(scope -> {
      // BUG: Diagnostic contains: binds field `current` now
      scope.defer(current::close);
      current = connect();
    });
  }

  /** Reopened and registered on one branch only: the other path leaks the new connection. */
  void reopenedButRegisteredOnOneBranch(boolean keep) {
    Defer.run(scope -> {
      Connection connection = connect();
      // BUG: Diagnostic contains: binds `connection` now
      scope.defer(connection::close);
      connection = connect();
      if (keep) {
        scope.defer(connection::close);
      }
    });
  }

  /** Replaced before anything registered it: that connection is never closed. */
  void replacedBeforeRegistered() {
    Defer.run(scope -> {
      Connection connection = connect();
      // BUG: Diagnostic contains: the one assigned on line 96 can reach the end of the scope, or be replaced
      scope.defer(connection::close);
      connection = connect();
      connection = connect();
      scope.defer(connection::close);
    });
  }

  /** A lambda called on the spot runs at registration: its clock read is taken now too. */
  void clockReadInALambdaCalledOnTheSpot() {
    Instant start = Instant.now();
    Defer.run(scope -> {
      // BUG: Diagnostic contains: gets an elapsed time of about zero
      scope.defer(PositiveEagerArguments::print, ((java.util.function.Supplier<Duration>) () -> Duration.between(start, Instant.now())).get());
      print(start);
    });
  }

  /** So does an anonymous class called on the spot. */
  void clockReadInAnAnonymousClassCalledOnTheSpot() {
    long start = System.nanoTime();
    Defer.run(scope -> {
      scope.defer(
          PositiveEagerArguments::print,
          // BUG: Diagnostic contains: is computed now, at registration
          new java.util.function.LongSupplier() { public long getAsLong() { return System.nanoTime() - start; } }.getAsLong());
      print(start);
    });
  }

  static final long STARTED_MILLIS = System.currentTimeMillis();

  void elapsedSinceAFinalStart() {
    Defer.run(scope -> {
      // BUG: Diagnostic contains: elapsed time of about zero
      scope.defer(PositiveEagerArguments::print, System.currentTimeMillis() - STARTED_MILLIS);
    });
  }
}
