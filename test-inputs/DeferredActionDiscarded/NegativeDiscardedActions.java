import com.google.common.io.Closer;
import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Deferred;
import io.github.deferlint.defer.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Deferred calls whose value is no cleanup, or is not dropped by mistake. */
class NegativeDiscardedActions {
  record Lease(String name) implements AutoCloseable {
    @Override
    public void close() {}
  }

  static final class Pool {
    private final List<Lease> leases = new ArrayList<>();

    <T extends AutoCloseable> T track(T resource) {
      return resource;
    }

    Lease borrow() {
      Lease lease = new Lease("lease");
      leases.add(lease);
      return lease;
    }

    boolean giveBack(Lease lease) {
      return leases.remove(lease);
    }
  }

  static void log(Object message) {}

  static Deferred trace(String name) {
    return () -> log(name + " done");
  }

  /** Go's idiom itself: trace runs now, and what it returns when the scope ends. */
  void traced() {
    Defer.run(scope -> {
      scope.defer(trace("traced"));
      scope.closing(new Lease("traced"));
      log("working");
    });
  }

  /** A block lambda says that the value is not wanted. */
  void blockLambda() {
    Defer.run(scope -> scope.defer(() -> {
      trace("ignored on purpose");
    }));
  }

  /** Values that are no cleanup: booleans. */
  void noCleanup(Pool pool, Lease lease, List<String> names) {
    Defer.run(scope -> {
      scope.defer(() -> pool.giveBack(lease));
      scope.defer(names::add, "done");
    });
  }

  /**
   * Values Error Prone's own checks report as ignored (FutureReturnValueIgnored, a future;
   * ReturnValueIgnored, a string, an optional, a supplier's value): no cleanup, and not this
   * check's to report again. A supplier hands back what it holds.
   */
  @SuppressWarnings({"FutureReturnValueIgnored", "ReturnValueIgnored"})
  void reportedByErrorProne(
      Lease lease, ExecutorService executor, List<String> names, Supplier<Runnable> cleanups) {
    Defer.run(scope -> {
      scope.defer(() -> executor.submit(() -> log("later")));
      scope.defer(() -> String.join(",", names));
      scope.defer(() -> Optional.of(lease).map(Lease::name));
      scope.defer(cleanups::get);
    });
  }

  /** Calls that hand back what they were given or hold: the value is someone else's. */
  void passedThrough(Pool pool, Map<String, Runnable> hooks, AtomicReference<Lease> current,
      Scope other) {
    Defer.run(scope -> {
      scope.defer(() -> hooks.remove("on-exit"));
      scope.defer(() -> current.getAndSet(null));
      scope.defer(() -> pool.track(new Lease("tracked")));
      scope.defer(() -> other.closing(new Lease("other")));
    });
  }

  /** Fluent calls return the object they were called on. */
  void fluent(PrintStream out, StringWriter writer) {
    Defer.run(scope -> {
      scope.defer(() -> out.printf("done %d%n", 1));
      scope.defer(() -> writer.append("done"));
      scope.defer(out::append, "done");
    });
  }

  /** Guava's Closer given the resource itself, and a closing action written inline. */
  long size(Path path) throws IOException {
    try (Closer closer = Closer.create()) {
      InputStream in = closer.register(Files.newInputStream(path));
      closer.register(() -> log("closed " + path));
      return in.transferTo(java.io.OutputStream.nullOutputStream());
    }
  }

  /** Another API's defer method, with a lambda that returns a cleanup: not a scope. */
  void otherApi(ConcurrentHashMap<String, Runnable> registry) {
    Tasks tasks = new Tasks();
    tasks.defer(() -> trace("not a scope"));
    registry.computeIfAbsent("k", key -> () -> log(key));
  }

  static final class Tasks {
    void defer(Supplier<Deferred> task) {}
  }

  /** A switch expression chooses the action registered now. */
  void chosen(int kind) {
    Defer.run(scope -> scope.defer(switch (kind) {
      case 0 -> trace("zero");
      default -> trace("other");
    }));
  }
}
