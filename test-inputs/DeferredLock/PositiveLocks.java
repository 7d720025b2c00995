import com.google.common.io.Closer;
import io.github.deferlint.defer.Defer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** Deferred actions that take a lock where they were meant to release it. */
class PositiveLocks {
  /**
   * A test double that records the calls made to it (kubernetes#36901, staticcheck SA2003: the
   * fake locked its mutex, then deferred Lock again): the second call blocks the test forever.
   */
  static final class FakeClient {
    private final Lock lock = new ReentrantLock();
    private final List<String> actions = new ArrayList<>();

    void record(String action) {
      Defer.run(scope -> {
        lock.lock();
        // BUG: Diagnostic contains: `lock.lock()` on line 24 has just locked it, as in Go's `mu.Lock(); defer mu.Lock()`
        scope.defer(lock::lock);
        actions.add(action);
      });
    }
  }

  /** A counter guarded by the write lock of a read-write lock, the lambda form of the same typo. */
  static final class Counter {
    private final ReadWriteLock rw = new ReentrantReadWriteLock();
    private int count;

    int increment() {
      return Defer.call(scope -> {
        rw.writeLock().lock();
        // BUG: Diagnostic contains: Defer the release instead: `rw.writeLock().unlock()`
        scope.defer(() -> rw.writeLock().lock());
        return ++count;
      });
    }
  }

  /**
   * At most four downloads at a time: each takes a permit and, by the typo, takes a second one when
   * it ends; after two downloads every later one waits forever.
   */
  static final class Downloads {
    private final Semaphore permits = new Semaphore(4);

    byte[] download(String url) throws InterruptedException {
      return Defer.call(scope -> {
        permits.acquire();
        // BUG: Diagnostic contains: takes another permit from `permits` when the scope ends instead of giving one back
        scope.defer(permits::acquire);
        return url.getBytes();
      });
    }
  }

  /** Guava's Closer runs what it registers when it is closed: a lock taken again then. */
  static void withCloser(Lock lock, Runnable work) throws IOException {
    try (Closer closer = Closer.create()) {
      lock.lock();
      // BUG: Diagnostic contains: locks `lock` again when `closer` is closed
      closer.register(lock::lock);
      work.run();
    }
  }
}
