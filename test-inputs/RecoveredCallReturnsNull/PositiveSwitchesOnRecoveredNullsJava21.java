import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Panic;

/** Java 21 switches that leave a recovered null where the caller unboxes or dereferences it. */
class PositiveSwitchesOnRecoveredNullsJava21 {
  static void log(Object message) {}

  /** A panic's value is logged, and any other throwable stays stopped too: a recovery. */
  int logged(String text) {
    // BUG: Diagnostic contains: After the deferred action on line 12 recovers a panic, `Defer.call` returns null (a recovered Go function returns its zero values), and its result is unboxed on line 11 without a null check
    int parsed = Defer.call(scope -> {
      scope.defer(() -> {
        switch (scope.recover()) {
          case Panic p -> log(p.value());
          case null, default -> log("done");
        }
      });
      return Integer.parseInt(text);
    });
    return parsed;
  }

  /** The caller's case null only logs: the dereference after the switch may still meet null. */
  int loggedOnly(String text) {
    // BUG: Diagnostic contains: `trimmed`, which holds its result, is dereferenced on line 34 without a null check
    String trimmed = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return text.strip();
    });
    switch (trimmed) {
      case null -> log("recovered");
      default -> log(trimmed);
    }
    return trimmed.length();
  }

  /** Without case null, a switch on a boxed value unboxes it first. */
  void counted(String text) {
    // BUG: Diagnostic contains: `count`, which holds its result, is unboxed on line 44 without a null check
    Integer count = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return Integer.parseInt(text);
    });
    switch (count) {
      case 0 -> log("none");
      default -> log(count + " items");
    }
  }

  enum Mode { READ, WRITE }

  /** A switch that names no null throws on one: on a String, an enum, anything but a pattern's null. */
  String labelled(String text, Mode fallback) {
    // BUG: Diagnostic contains: `command`, which holds its result, is dereferenced on line 64 without a null check
    String command = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return text.strip();
    });
    // BUG: Diagnostic contains: `mode`, which holds its result, is dereferenced on line 68 without a null check
    Mode mode = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return Mode.valueOf(text);
    });
    String label = switch (command) {
      case "read" -> "reading";
      default -> "other";
    };
    switch (mode) {
      case READ:
        return label;
      default:
        return fallback.name();
    }
  }

  /** Switched on right where it is made. */
  String direct(String text) {
    // BUG: Diagnostic contains: and its result is dereferenced on line 79 without a null check
    return switch (Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return text.strip();
    })) {
      case "read" -> "reading";
      default -> "other";
    };
  }

  /** A switch with only a default tests nothing, and still throws on null. */
  String onlyDefault(String text, Object value) {
    // BUG: Diagnostic contains: `command`, which holds its result, is dereferenced on line 100 without a null check
    String command = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return text.strip();
    });
    // BUG: Diagnostic contains: `described`, which holds its result, is dereferenced on line 104 without a null check
    Object described = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return value;
    });
    switch (command) {
      default:
        log(command);
    }
    return switch (described) {
      default -> "described";
    };
  }

  /** With only a default, a boxed selector is dereferenced once. */
  void countedOnlyByDefault(String text) {
    // BUG: Diagnostic contains: `count`, which holds its result, is unboxed on line 116 without a null check
    Integer count = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return Integer.parseInt(text);
    });
    switch (count) {
      default -> log(count + " items");
    }
  }
}
