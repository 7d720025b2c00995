import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Scope;
import java.util.concurrent.ExecutorService;
import java.util.logging.Logger;

/** recover() where it can only return null, or where it swallows the panic unseen. */
class PositiveRecovers {
  private static final Logger LOG = Logger.getLogger("worker");

  interface Job {
    void run() throws Exception;
  }

  /** Looks for a panic before anything could panic: Go's `if r := recover(); r != nil` in main. */
  void checkedTooEarly(Job job) throws Exception {
    Defer.run(scope -> {
      job.run();
      // BUG: Diagnostic contains: runs in the body of scope `scope`
      Throwable failure = scope.recover();
      if (failure != null) {
        LOG.warning("never logged");
      }
    });
  }

  /** Go's `defer recover()`: here it does stop the panic, and nobody ever hears of it. */
  void swallowEverything(Job job) throws Exception {
    Defer.run(scope -> {
      // BUG: Diagnostic contains: stops the panic and throws it away unseen
      scope.defer(scope::recover);
      job.run();
    });
  }

  /** The report is handed to another thread, which runs after the scope has completed. */
  void reportAsynchronously(Job job, ExecutorService reporter) throws Exception {
    Defer.run(scope -> {
      scope.defer(() -> reporter.execute(() -> {
        // BUG: Diagnostic contains: nested inside a deferred action of `scope`
        Throwable failure = scope.recover();
        LOG.warning("failure: " + failure);
      }));
      job.run();
    });
  }

  /** The inner scope's action recovers on the outer scope, whose actions are not running. */
  void wrongScope(Job first, Job second) throws Exception {
    Defer.run(request -> {
      Defer.run(step -> {
        step.defer(() -> {
          // BUG: Diagnostic contains: while the actions of `request` are not running
          Throwable failure = request.recover();
          LOG.warning("step failed: " + failure);
        });
        first.run();
      });
      second.run();
    });
  }

  /** A handler that is also called from the body, where its recover() returns null. */
  void handlerCalledEarly(Job job) throws Exception {
    Defer.run(scope -> {
      scope.defer(() -> logFailure(scope));
      job.run();
      logFailure(scope);
    });
  }

  private void logFailure(Scope scope) {
    // BUG: Diagnostic contains: called on line 67 in the body of scope `scope`
    Throwable failure = scope.recover();
    if (failure != null) {
      LOG.warning("failed: " + failure);
    }
  }

  /** A method of an anonymous class made in the action runs when it is called, maybe later. */
  void recoveredWhenPrinted(Runnable job) {
    Defer.run(scope -> {
      scope.defer(() -> LOG.info(String.valueOf(new Object() {
        @Override
        public String toString() {
          // BUG: Diagnostic contains: nested inside a deferred action of `scope`
          return "failure: " + scope.recover();
        }
      })));
      job.run();
    });
  }
}
