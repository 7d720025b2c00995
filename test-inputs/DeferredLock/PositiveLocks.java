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
  // Apache RocketMQ #8654: the write lock taken at the top of the try and again in the finally; the index service hung at shutdown — https://github.com/apache/rocketmq/pull/8654
  static final class IndexStore {
    private final ReentrantReadWriteLock readWriteLock = new ReentrantReadWriteLock();

    void forceUpload(Runnable upload) {
      Defer.run(scope -> {
        readWriteLock.writeLock().lock();
        // BUG: Diagnostic contains: `readWriteLock.writeLock().lock()` on line 20 has just locked it, as in Go's `mu.Lock(); defer mu.Lock()`
        scope.defer(readWriteLock.writeLock()::lock);
        upload.run();
      });
    }
  }

  // Apache Pinot #11007: the snapshot read lock taken again, under a condition, in the cleanup that should release it — https://github.com/apache/pinot/pull/11007
  static final class UpsertPartition {
    private final ReadWriteLock snapshotLock = new ReentrantReadWriteLock();
    private final boolean snapshotsEnabled;

    UpsertPartition(boolean snapshotsEnabled) {
      this.snapshotsEnabled = snapshotsEnabled;
    }

    void addRecord(Runnable update) {
      Defer.run(scope -> {
        if (snapshotsEnabled) {
          snapshotLock.readLock().lock();
        }
        scope.defer(() -> {
          finish();
          if (snapshotsEnabled) {
            // BUG: Diagnostic contains: Defer the release instead: `snapshotLock.readLock().unlock()`
            snapshotLock.readLock().lock();
          }
        });
        update.run();
      });
    }

    private void finish() {}
  }

  // Apache Tomcat: the move from synchronized to the socket's Lock wrote lock() in the finally of two HTTP/2 write paths — https://github.com/apache/tomcat/commit/7d4a1d584650c4b04b470ed9f831c4d4c2dc978a
  static final class Http2Writer {
    interface SocketWrapper {
      Lock getLock();

      void write(byte[] payload);
    }

    static void write(SocketWrapper socket, byte[] payload) {
      Defer.run(scope -> {
        socket.getLock().lock();
        // BUG: Diagnostic contains: `socket.getLock().lock()` on line 66 has just locked it
        scope.defer(() -> socket.getLock().lock());
        socket.write(payload);
      });
    }
  }

  // Kubernetes' test fakes locked their mutex and deferred Lock again (staticcheck SA2003) — https://github.com/kubernetes/kubernetes/pull/36901
  static final class FakeClient {
    private final Lock lock = new ReentrantLock();
    private final List<String> actions = new ArrayList<>();

    void record(String action) {
      Defer.run(scope -> {
        lock.lock();
        // BUG: Diagnostic contains: locks `lock` again when the scope ends instead of unlocking it
        scope.defer(lock::lock);
        actions.add(action);
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
