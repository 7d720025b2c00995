import io.github.deferlint.defer.Defer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** Deferred actions that release what the body took, or take a lock on purpose. */
class NegativeLocks {
  private final Lock lock = new ReentrantLock();
  private final Semaphore permits = new Semaphore(8);

  /** Go's `mu.Lock(); defer mu.Unlock()`, and the same with a semaphore. */
  void criticalSection(Runnable work) throws InterruptedException {
    Defer.run(scope -> {
      lock.lock();
      scope.defer(lock::unlock);
      permits.acquire();
      scope.defer(permits::release);
      work.run();
    });
  }

  // The fixes of Apache RocketMQ #8654 and Apache Pinot #11007: the cleanup releases what the body took — https://github.com/apache/rocketmq/pull/8654
  void forceUpload(ReentrantReadWriteLock readWriteLock, boolean snapshots, Runnable upload) {
    Defer.run(scope -> {
      readWriteLock.writeLock().lock();
      scope.defer(readWriteLock.writeLock()::unlock);
      if (snapshots) {
        readWriteLock.readLock().lock();
      }
      scope.defer(() -> {
        if (snapshots) {
          readWriteLock.readLock().unlock();
        }
      });
      upload.run();
    });
  }

  // Apache Kafka trogdor, Helix, ActiveMQ, Venice: a whole critical section inside the cleanup, locked and unlocked there — https://github.com/apache/kafka/blob/trunk/trogdor/src/main/java/org/apache/kafka/trogdor/workload/RoundTripWorker.java
  static void openThrottled(Lock lock, Condition hasBandwidth, int[] ongoing, Runnable open) {
    Defer.run(scope -> {
      scope.defer(() -> {
        lock.lock();
        try {
          ongoing[0]--;
          hasBandwidth.signal();
        } finally {
          lock.unlock();
        }
      });
      open.run();
    });
  }

  /**
   * Called with the lock held, lets it go while listeners run and takes it back for the caller:
   * Go's `mu.Unlock(); defer mu.Lock()`.
   */
  void notifyUnlocked(List<Runnable> listeners) {
    Defer.run(scope -> {
      lock.unlock();
      scope.defer(lock::lock);
      listeners.forEach(Runnable::run);
    });
  }

  /** The same inside one deferred action: released, something done, taken back. */
  void handOver(Runnable handOff) {
    Defer.run(scope -> {
      lock.lock();
      scope.defer(() -> {
        lock.unlock();
        handOff.run();
        lock.lock();
      });
      scope.defer(lock::unlock);
    });
  }

  /** A semaphore with no permits signals: waiting for every worker when the scope ends. */
  void waitForWorkers(ExecutorService executor, List<Runnable> jobs) {
    Semaphore finished = new Semaphore(0);
    Defer.run(scope -> {
      scope.defer(() -> finished.acquire(jobs.size()));
      for (Runnable job : jobs) {
        executor.execute(() -> {
          job.run();
          finished.release();
        });
      }
    });
  }

  /** tryLock returns whether it locked; a deferred one is another matter, not this check's. */
  void tryLater() {
    Defer.run(scope -> scope.defer(() -> System.out.println(lock.tryLock())));
  }
}
