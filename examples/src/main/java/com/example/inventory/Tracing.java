package com.example.inventory;

import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Deferred;

/** Traces how long stock operations take: Go's {@code defer trace("op")()}. */
public final class Tracing {
  private Tracing() {}

  /** Starts a trace now; the action it returns logs how long the operation took. */
  public static Deferred trace(String operation) {
    long start = System.nanoTime();
    return () -> System.out.printf("%s took %d us%n", operation, (System.nanoTime() - start) / 1000);
  }

  /** The idiom: the trace starts now, and ends with the scope. */
  public static void restock(Inventory inventory, String item, int count) {
    Defer.run(scope -> {
      scope.defer(trace("restock"));
      inventory.add(item, count);
    });
  }

  /** Pitfall: the trace starts only when the scope ends, and the action it returns never runs. */
  public static void reserve(Inventory inventory, int count) {
    Defer.run(scope -> {
      scope.defer(() -> trace("reserve"));
      inventory.reserve(count);
    });
  }
}
