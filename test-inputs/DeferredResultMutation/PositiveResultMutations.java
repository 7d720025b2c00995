import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Deferred writes that contradict the value returned, and sets that the return overwrites. */
class PositiveResultMutations {
  enum Status {
    OPEN,
    CLOSED,
    FAILED
  }

  private int g = 100;
  private final AtomicLong bytesCopied = new AtomicLong();

  static void log(Object message) {}

  /** Go: func f() (r int) { defer func() { r = 200 }(); r = 0; return r } returns 200. */
  int goNamedResultClassic() {
    return Defer.named(0, (scope, result) -> {
      // BUG: Diagnostic contains: after the `return` on line 28 stored its value
      scope.defer(() -> result.set(200));
      result.set(0);
      return result.get();
    });
  }

  /** Meant as "report CLOSED when done", but the status the body computes is always lost. */
  Status closeAndReport(InputStream in) throws IOException {
    return Defer.named(Status.OPEN, (scope, result) -> {
      scope.defer(() -> {
        try {
          in.close();
        } catch (IOException e) {
          log(e);
        }
        // BUG: Diagnostic contains: whatever the body returns is discarded
        result.set(Status.CLOSED);
      });
      return in.available() > 0 ? Status.OPEN : Status.FAILED;
    });
  }

  /** The same, as Go's defer f(arg): a bound method reference. */
  Status markClosed(Path path) {
    return Defer.named(Status.OPEN, (scope, result) -> {
      Scope deferrals = scope;
      // BUG: Diagnostic contains: `Defer.named` returns what is set here
      deferrals.defer(result::set, Status.CLOSED);
      return Files.exists(path) ? Status.OPEN : Status.FAILED;
    });
  }

  /** Go: var g = 100; func f() int { defer func() { g = 200 }(); return g } returns 100. */
  int goGlobalClassic() {
    return Defer.call(scope -> {
      // BUG: Diagnostic contains: writes `g` after the `return` on line 63 already read it
      scope.defer(() -> g = 200);
      return g;
    });
  }

  /** The count is read before the deferred add runs: the caller gets the old count. */
  long copyAndCount(InputStream in) throws IOException {
    return Defer.call(scope -> {
      long copied = in.transferTo(java.io.OutputStream.nullOutputStream());
      // BUG: Diagnostic contains: writes `bytesCopied`
      scope.defer(() -> bytesCopied.addAndGet(copied));
      return bytesCopied.get();
    });
  }

  /** A one-element array as an out-parameter: the deferred write comes too late. */
  String describe(Path path) {
    String[] description = {"unknown"};
    return Defer.call(scope -> {
      // BUG: Diagnostic contains: writes `description[0]`
      scope.defer(() -> description[0] = path + " (checked)");
      return description[0];
    });
  }

  /** A named body that returns a field instead of using its named result. */
  int retries() {
    return Defer.named(0, (scope, result) -> {
      // BUG: Diagnostic contains: set the named result (`result.set(...)`)
      scope.defer(() -> g++);
      return g;
    });
  }

  /** The set is overwritten by the return right after it. */
  Status validate(Path path) {
    return Defer.named(Status.OPEN, (scope, result) -> {
      if (!Files.isReadable(path)) {
        // BUG: Diagnostic contains: The `return` on line 102 stores its own value
        result.set(Status.FAILED);
        return Status.OPEN;
      }
      return Status.OPEN;
    });
  }

  record Pair(int value, Exception error) {}

  static final class Outcome {
    final int code;
    final String error;

    Outcome(int code, String error) {
      this.code = code;
      this.error = error;
    }

    static Outcome of(int code, String error) {
      return new Outcome(code, error);
    }
  }

  /**
   * Go's multi-value return: func f() (int, error) { var err error; defer func() { err = ... }();
   * return x, err }: the pair is built at the return, so the deferred write never reaches it.
   */
  Pair multiValueReturn(InputStream in) throws IOException {
    Exception[] error = new Exception[1];
    return Defer.call(scope -> {
      scope.defer(() -> {
        try {
          in.close();
        } catch (IOException e) {
          // BUG: Diagnostic contains: after the `return` on line 139 already read it
          error[0] = e;
        }
      });
      return new Pair(in.read(), error[0]);
    });
  }

  /** A holder read into a value built by a constructor. */
  Outcome outcomeFromHolder(java.util.concurrent.atomic.AtomicReference<String> error) {
    return Defer.call(scope -> {
      // BUG: Diagnostic contains: This deferred action writes `error`
      scope.defer(() -> error.set("closed late"));
      return new Outcome(1, error.get());
    });
  }

  /** A static factory of its own type copies just the same. */
  Outcome outcomeFromFactory(String[] error) {
    return Defer.call(scope -> {
      // BUG: Diagnostic contains: never sees this write
      scope.defer(() -> error[0] = "closed late");
      return Outcome.of(2, error[0]);
    });
  }

  /** So does a string built from it. */
  String reportFromField() {
    return Defer.call(scope -> {
      // BUG: Diagnostic contains: This deferred action writes `g`
      scope.defer(() -> g = 300);
      return "g=" + g;
    });
  }

  /**
   * A registration between the set and the return runs nothing before the return: its action sees
   * what the return stored, and the set is still overwritten.
   */
  int registrationBetweenSetAndReturn() {
    return Defer.named(0, (scope, result) -> {
      // BUG: Diagnostic contains: so this `set` has no effect
      result.set(1);
      scope.defer(() -> log("returning " + result.get()));
      return 2;
    });
  }

  /** Registered on the named body's scope from the body of a scope it opens: the same action. */
  int setFromAnInnerBody() {
    return Defer.named(0, (scope, result) -> {
      // BUG: Diagnostic contains: sets the named result on every path
      Defer.run(inner -> scope.defer(() -> result.set(5)));
      return 1;
    });
  }

  private int lastStatus;

  /** The same from an inner body: the return already read the field. */
  int writtenFromAnInnerBody() {
    return Defer.call(scope -> {
      Defer.run(inner -> {
        // BUG: Diagnostic contains: writes `lastStatus` after the `return` on line
        scope.defer(() -> lastStatus = 200);
      });
      return lastStatus;
    });
  }
}
