package com.example.inventory;

import io.github.deferlint.defer.Defer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/** Stock levels, guarded by one lock. */
public final class Inventory {
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Integer> stock = new HashMap<>();
  private int reserved;

  public void add(String item, int count) {
    Defer.run(scope -> {
      lock.lock();
      scope.defer(lock::unlock);
      stock.merge(item, count, Integer::sum);
    });
  }

  public void reserve(int count) {
    Defer.run(scope -> {
      lock.lock();
      scope.defer(lock::unlock);
      reserved += count;
    });
  }

  /** Pitfall: the deferred subtraction runs after the count was returned; the caller never sees it. */
  public int available(String item) {
    return Defer.call(scope -> {
      lock.lock();
      scope.defer(lock::unlock);
      int[] count = {stock.getOrDefault(item, 0)};
      scope.defer(() -> count[0] -= reserved);
      return count[0];
    });
  }

  /** Pitfall: meant as a fallback for a missing item, the deferred set overwrites every result. */
  public int countOrZero(String item) {
    return Defer.named(0, (scope, result) -> {
      scope.defer(() -> result.set(0));
      return stock.get(item);
    });
  }

  /** The fallback done right: only a recovered failure sets the result. */
  public int countOrDefault(String item, int fallback) {
    return Defer.named(fallback, (scope, result) -> {
      scope.defer(() -> {
        if (scope.recover() != null) {
          result.set(fallback);
        }
      });
      return stock.get(item);
    });
  }
}
