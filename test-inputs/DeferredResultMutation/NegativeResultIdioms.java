import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Panic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Go's named-result idioms, and deferred writes that nobody expects the caller to see. */
class NegativeResultIdioms {
  sealed interface Outcome permits Ok, Failed {}

  record Ok(long bytes) implements Outcome {}

  record Failed(String reason) implements Outcome {}

  private List<String> pending = new ArrayList<>();
  private Object context;
  private int depth;
  private final AtomicLong served = new AtomicLong();

  static void log(Object message) {}

  static long copy(InputStream in) throws IOException {
    return in.transferTo(java.io.OutputStream.nullOutputStream());
  }

  /** Go: defer func() { if r := recover(); r != nil { err = fmt.Errorf("...: %v", r) } }(). */
  Outcome recoverToError(Path path) throws IOException {
    return Defer.named((Outcome) new Failed("not started"), (scope, result) -> {
      scope.defer(() -> {
        Throwable panic = scope.recover();
        if (panic != null) {
          result.set(new Failed("copy " + path + ": " + panic));
        }
      });
      try (InputStream in = Files.newInputStream(path)) {
        return new Ok(copy(in));
      }
    });
  }

  /** Go: defer func() { if err != nil { err = fmt.Errorf("load %s: %w", name, err) } }(). */
  Outcome wrapTheError(String name) {
    return Defer.named((Outcome) new Ok(0), (scope, result) -> {
      scope.defer(() -> {
        if (result.get() instanceof Failed failed) {
          result.set(new Failed("load " + name + ": " + failed.reason()));
        }
      });
      return name.isEmpty() ? new Failed("empty name") : new Ok(name.length());
    });
  }

  /** Go: defer func() { if cerr := f.Close(); cerr != nil && err == nil { err = cerr } }(). */
  Outcome closeErrorWhenNoOtherError(InputStream in) throws IOException {
    return Defer.named((Outcome) new Ok(0), (scope, result) -> {
      scope.defer(() -> {
        try {
          in.close();
        } catch (IOException e) {
          if (result.get() instanceof Ok) {
            result.set(new Failed(e.getMessage()));
          }
        }
      });
      return new Ok(copy(in));
    });
  }

  /** A transformation of whatever the body returned: it reads the result first. */
  long countInKilobytes(Path path) throws IOException {
    return Defer.named(0L, (scope, result) -> {
      scope.defer(() -> result.set(result.get() / 1024));
      return Files.size(path);
    });
  }

  /** The panic value becomes the result only when there was a panic. */
  int statusOf(Runnable job) {
    return Defer.named(0, (scope, result) -> {
      scope.defer(() -> {
        if (scope.recover() instanceof Panic panic && panic.value() instanceof Integer code) {
          result.set(code);
        }
      });
      job.run();
      return 0;
    });
  }

  /** A snapshot is returned; the reset is meant for the next caller. */
  int drainCount() {
    return Defer.call(scope -> {
      scope.defer(() -> pending = new ArrayList<>());
      return pending.size();
    });
  }

  /** Save and restore around the work; the return computes from the field, it is not the field. */
  String renderWith(Object temporaryContext) {
    return Defer.call(scope -> {
      Object saved = context;
      context = temporaryContext;
      scope.defer(() -> context = saved);
      return String.valueOf(context) + "/" + depth;
    });
  }

  /** The deferred write goes to a location the return never read. */
  long serve(Runnable request) {
    return Defer.call(scope -> {
      depth++;
      scope.defer(() -> depth--);
      scope.defer(served::incrementAndGet);
      request.run();
      return System.nanoTime();
    });
  }

  /** The set value is what the body returns. */
  int setThenReturnIt(int computed) {
    return Defer.named(0, (scope, result) -> {
      result.set(computed * 2);
      log("computed");
      return result.get();
    });
  }

  /** A fallback stored before risky work, for a deferred action that recovers. */
  int fallbackForRecovery(Runnable risky) {
    return Defer.named(0, (scope, result) -> {
      scope.defer(() -> {
        if (scope.recover() != null) {
          log("recovered with " + result.get());
        }
      });
      result.set(-1);
      risky.run();
      return 1;
    });
  }

  /** Registered only on the cached path; the computed return is honoured otherwise. */
  int cachedOrComputed(Integer cached) {
    return Defer.named(0, (scope, result) -> {
      if (cached != null) {
        scope.defer(() -> result.set(cached));
      }
      log("computing");
      return 42;
    });
  }

  record Pair(long value, Object errors) {}

  /** The holder itself handed out: the caller sees what the deferred action writes. */
  java.util.concurrent.atomic.AtomicReference<String> holderReturned() {
    java.util.concurrent.atomic.AtomicReference<String> error =
        new java.util.concurrent.atomic.AtomicReference<>();
    return Defer.call(scope -> {
      scope.defer(() -> error.set("closed"));
      return error;
    });
  }

  /** The array inside the value returned: its element is read later, after the write. */
  Pair arrayInsideThePair() {
    String[] errors = new String[1];
    return Defer.call(scope -> {
      scope.defer(() -> errors[0] = "closed");
      return new Pair(1L, errors);
    });
  }

  /** A value computed from the location, arithmetic or a helper: a reset for later readers. */
  long computedFromTheCounter(AtomicLong counter) {
    return Defer.call(scope -> {
      scope.defer(() -> counter.set(0));
      return counter.get() * 2 + Math.max(counter.get(), 1);
    });
  }

  static int risky() {
    return 1;
  }

  /** A call that may throw between the set and the return: the actions then see what was set. */
  int setSeenIfTheCallThrows() {
    return Defer.named(0, (scope, result) -> {
      result.set(1);
      scope.defer(() -> log("ended with " + result.get()));
      risky();
      return 2;
    });
  }

  /** Save, replace, restore: the restore is for later readers, whatever the return read. */
  Object restoredAfterReturningIt(Object temporary) {
    return Defer.call(scope -> {
      Object saved = context;
      context = temporary;
      scope.defer(() -> context = saved);
      return context;
    });
  }

  /** The inner scope's own action runs when the inner body ends, before the return. */
  int innerScopesOwnAction() {
    return Defer.named(0, (scope, result) -> {
      Defer.run(inner -> inner.defer(() -> System.out.println("inner done")));
      return 1;
    });
  }
}
