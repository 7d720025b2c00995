package com.example.inventory;

import io.github.deferlint.defer.Defer;

/** Parses quantities from user input. */
public final class Parser {
  private Parser() {}

  /** Go's recover-to-error idiom: a malformed quantity becomes a message, not an exception. */
  public static String checkQuantity(String text) {
    return Defer.named("ok", (scope, result) -> {
      scope.defer(() -> {
        Throwable panic = scope.recover();
        if (panic != null) {
          result.set("bad quantity '" + text + "': " + panic.getMessage());
        }
      });
      if (Integer.parseInt(text) < 0) {
        throw Defer.panic("negative");
      }
      return "ok";
    });
  }

  /** Pitfall: recover() in the body always returns null; the NumberFormatException escapes. */
  public static int parseOrZero(String text) {
    return Defer.call(scope -> {
      Throwable failure = scope.recover();
      if (failure != null) {
        return 0;
      }
      return Integer.parseInt(text);
    });
  }
}
