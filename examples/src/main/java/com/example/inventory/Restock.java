package com.example.inventory;

import io.github.deferlint.defer.Defer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** Restock orders, queued under a lock. */
public final class Restock {
  private final ReentrantLock lock = new ReentrantLock();
  private final List<String> orders = new ArrayList<>();

  public void order(String item) {
    Defer.run(scope -> {
      lock.lock();
      scope.defer(lock::unlock);
      orders.add(item);
    });
  }

  /** Pitfall: the deferred action locks again instead of unlocking; the next order hangs. */
  public List<String> drain() {
    return Defer.call(scope -> {
      lock.lock();
      scope.defer(lock::lock);
      List<String> drained = new ArrayList<>(orders);
      orders.clear();
      return drained;
    });
  }
}
