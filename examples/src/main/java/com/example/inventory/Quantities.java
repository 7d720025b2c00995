package com.example.inventory;

import io.github.deferlint.defer.Defer;

/** Reads the quantities of order lines. */
public final class Quantities {
  private Quantities() {}

  /** A malformed quantity counts as none: the named result says what a recovery returns. */
  public static int quantityOrZero(String text) {
    return Defer.named(0, (scope, result) -> {
      scope.defer(() -> {
        if (scope.recover() != null) {
          System.err.println("bad quantity: " + text);
        }
      });
      return Integer.parseInt(text.trim());
    });
  }

  /** Pitfall: after the recovery Defer.call returns null, and unboxing it throws. */
  public static int quantity(String text) {
    int quantity = Defer.call(scope -> {
      scope.defer(() -> {
        if (scope.recover() != null) {
          System.err.println("bad quantity: " + text);
        }
      });
      return Integer.parseInt(text.trim());
    });
    return quantity;
  }
}
