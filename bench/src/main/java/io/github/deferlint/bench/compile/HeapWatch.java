package io.github.deferlint.bench.compile;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The heap a stretch of work used, from the garbage collector's notifications: the peak is the
 * largest heap seen just before a collection (or at the end), the live size the largest left after
 * one, which is what the work kept reachable while it ran.
 */
public final class HeapWatch {
  private static final Set<String> HEAP_POOLS =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(pool -> pool.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());

  private volatile long peakBytes;
  private volatile long liveBytes;
  private volatile boolean watching;

  public HeapWatch() {
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector)
          .addNotificationListener(
              (notification, handback) -> {
                if (watching
                    && notification
                        .getType()
                        .equals(
                            GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                  var info =
                      GarbageCollectionNotificationInfo.from(
                              (CompositeData) notification.getUserData())
                          .getGcInfo();
                  record(
                      heapUsed(info.getMemoryUsageBeforeGc()),
                      heapUsed(info.getMemoryUsageAfterGc()));
                }
              },
              null,
              null);
    }
  }

  /** Starts a stretch of work. */
  public void start() {
    peakBytes = 0;
    liveBytes = 0;
    watching = true;
  }

  /** Ends the stretch: notifications arrive on their own thread, so give the last ones a moment. */
  public void stop() throws InterruptedException {
    long endBytes = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    Thread.sleep(100);
    watching = false;
    peakBytes = Math.max(peakBytes, endBytes);
  }

  public long peakBytes() {
    return peakBytes;
  }

  /** The most the heap held after a collection during the stretch; 0 if none ran. */
  public long liveBytes() {
    return liveBytes;
  }

  private synchronized void record(long beforeBytes, long afterBytes) {
    peakBytes = Math.max(peakBytes, beforeBytes);
    liveBytes = Math.max(liveBytes, afterBytes);
  }

  private static long heapUsed(Map<String, MemoryUsage> pools) {
    return pools.entrySet().stream()
        .filter(pool -> HEAP_POOLS.contains(pool.getKey()))
        .mapToLong(pool -> pool.getValue().getUsed())
        .sum();
  }
}
