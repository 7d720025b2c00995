import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Deferred;
import io.github.deferlint.defer.Panic;
import io.github.deferlint.defer.Scope;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** recover() where it works: directly in a deferred action of its own scope. */
class NegativeRecovers {
  private static final Logger LOG = Logger.getLogger("worker");

  interface Job {
    void run() throws Exception;
  }

  /** Go's safe goroutine: func safely(job) { defer func() { if r := recover(); ... }(); job() }. */
  void safely(Job job) throws Exception {
    Defer.run(scope -> {
      scope.defer(() -> {
        Throwable failure = scope.recover();
        if (failure != null) {
          LOG.log(Level.WARNING, "job failed", failure);
        }
      });
      job.run();
    });
  }

  /** Go's recover-to-error idiom with a named result. */
  String parse(String input) {
    return Defer.named("ok", (scope, result) -> {
      scope.defer(() -> {
        if (scope.recover() instanceof Panic panic) {
          result.set("invalid: " + panic.value());
        }
      });
      if (input.isEmpty()) {
        throw Defer.panic("empty input");
      }
      return input.trim();
    });
  }

  /** A handler taking the scope, called only from deferred actions of that scope. */
  void withHandler(Job job) throws Exception {
    Defer.run(scope -> {
      scope.defer(() -> logFailure(scope, "with handler"));
      job.run();
    });
  }

  void withHandlerReference(Job job) throws Exception {
    Defer.run(scope -> {
      scope.defer(NegativeRecovers::logPanic, scope);
      job.run();
    });
  }

  private void logFailure(Scope scope, String what) {
    Throwable failure = scope.recover();
    if (failure != null) {
      LOG.log(Level.WARNING, what, failure);
    }
  }

  private static void logPanic(Scope scope) {
    Optional.ofNullable(scope.recover()).ifPresent(t -> LOG.warning(t.toString()));
  }

  /** Public helpers may be called from deferred actions anywhere: their callers are unknown. */
  public static void recoverInto(Scope scope, Consumer<Throwable> sink) {
    Throwable failure = scope.recover();
    if (failure != null) {
      sink.accept(failure);
    }
  }

  /** Pre-lambda style: an anonymous Deferred is the action itself. */
  void anonymousAction(Job job) throws Exception {
    Defer.run(scope -> {
      scope.defer(new Deferred() {
        @Override
        public void run() {
          Throwable failure = scope.recover();
          if (failure != null) {
            LOG.warning("recovered " + failure);
          }
        }
      });
      job.run();
    });
  }

  /** A scope opened inside a deferred action: its actions run while the outer action runs. */
  void cleanupThatRecovers(Job job) throws Exception {
    Defer.run(outer -> {
      outer.defer(() -> Defer.run(cleanup -> {
        cleanup.defer(() -> LOG.info("cleanup done"));
        Throwable failure = outer.recover();
        if (failure != null) {
          LOG.warning("outer failed: " + failure);
        }
      }));
      job.run();
    });
  }

  /** An action stored in a variable first: when it runs is not decided here. */
  void storedAction(Job job) throws Exception {
    Defer.run(scope -> {
      Deferred report = () -> LOG.info("recovered " + scope.recover());
      scope.defer(report);
      job.run();
    });
  }

  /**
   * A private helper that nothing calls is dead code: no one can tell where it would run, and
   * UnusedMethod reports it; this check does not fail a build over it (revive's recover rule
   * likewise looks at calls, not declarations).
   */
  @SuppressWarnings("UnusedMethod") // Dead on purpose: the case is dead code.
  private void neverCalled(Scope scope) {
    Throwable failure = scope.recover();
    if (failure != null) {
      LOG.warning("recovered " + failure);
    }
  }

  /** A helper called only from dead code is no better known. */
  private void calledOnlyFromDeadCode(Scope scope) {
    LOG.info("recovered " + scope.recover());
  }

  @SuppressWarnings("UnusedMethod") // Dead on purpose: the case is dead code.
  private void deadCaller(Scope scope) {
    calledOnlyFromDeadCode(scope);
  }

  /** Double-brace initialization: the anonymous class's initializer runs in the action. */
  void recoveredIntoAReport(Job job) throws Exception {
    Defer.run(scope -> {
      scope.defer(() -> LOG.warning(new java.util.HashMap<String, Object>() {
        final Object failure = scope.recover();
        {
          put("error", failure);
        }
      }.toString()));
      job.run();
    });
  }
}
