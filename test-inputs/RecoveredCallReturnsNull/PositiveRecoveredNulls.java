import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Deferred;
import java.util.List;
import java.util.Map;

/** Values of recovering scopes that the caller unboxes or dereferences unchecked. */
class PositiveRecoveredNulls {
  interface Message {
    void commit();
  }

  interface Handler {
    boolean handle(Message message);
  }

  record CopyResponse(String targetId) {}

  interface Copier {
    CopyResponse copy(String task);
  }

  static void log(Object message) {}

  /**
   * gofr-dev/gofr#3425: the handler's panic was recovered, the function's unnamed result was its
   * zero value, and the message whose handler crashed was committed and lost. Here the caller
   * unboxes the null instead.
   */
  void consume(Message message, Handler handler) {
    // BUG: Diagnostic contains: After the deferred action on line 32 recovers a panic, `Defer.call` returns null (a recovered Go function returns its zero values), and its result is unboxed on line 31 without a null check: a NullPointerException there instead of the panic. Say what the caller gets then with `Defer.named(false, (scope, result) -> ...)`, check the result for null, or rethrow in the action.
    boolean handled = Defer.call(scope -> {
      scope.defer(() -> {
        Throwable panic = scope.recover();
        if (panic != null) {
          log("handler panicked: " + panic);
        }
      });
      return handler.handle(message);
    });
    if (handled) {
      message.commit();
    }
  }

  /**
   * coze-dev/coze-studio#2755: the copy's panic was recovered, the unnamed results were nil, and
   * the caller dereferenced the nil response.
   */
  String copyKnowledge(String task, Copier copier, List<String> failed) {
    // BUG: Diagnostic contains: `response`, which holds its result, is dereferenced on line 59
    CopyResponse response = Defer.call(scope -> {
      scope.defer(() -> {
        if (scope.recover() != null) {
          failed.add(task);
        }
      });
      return copier.copy(task);
    });
    return response.targetId();
  }

  /** The issue's own example: a bad number is logged, then the caller's int is null. */
  int quantity(String text) {
    // BUG: Diagnostic contains: `Defer.named(0, (scope, result) -> ...)`
    int n = Defer.call(scope -> {
      scope.defer(() -> { if (scope.recover() != null) log("bad input"); });
      return Integer.parseInt(text);
    });
    return n;
  }

  /** The value goes back to the caller of a method that returns a primitive: unboxed there. */
  long total(Map<String, Long> totals, String key) {
    // BUG: Diagnostic contains: its result is unboxed on line 75
    return Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return totals.get(key);
    });
  }

  /** Only some panics rethrown: a NumberFormatException still ends in null. */
  int parsePort(String text) {
    // BUG: Diagnostic contains: the deferred action on line 85
    Integer port = Defer.call(scope -> {
      scope.defer(() -> {
        Throwable failure = scope.recover();
        if (failure instanceof NumberFormatException) {
          log("not a port: " + text);
        } else if (failure != null) {
          throw new IllegalStateException(failure);
        }
      });
      return Integer.parseInt(text);
    });
    return port + 1;
  }

  /**
   * apache/pulsar#19412: an authorization check recovered every failure with null for a Boolean
   * that its callers unboxed, so a metadata failure became a NullPointerException; the merged fix
   * rethrows, and the review asked for false.
   */
  boolean canConsume(java.util.function.Predicate<String> policies, String role) {
    // BUG: Diagnostic contains: `Defer.named(false, (scope, result) -> ...)`
    boolean allowed = Defer.call(scope -> {
      scope.defer(() -> {
        if (scope.recover() != null) {
          log("cannot read the permissions of " + role);
        }
      });
      return policies.test(role);
    });
    return allowed;
  }

  /**
   * apache/storm#2655 (STORM-3051, found by NPEDetector): a read error of /proc/cgroups is
   * swallowed, null returned, and the caller iterates over it.
   */
  boolean isSubsystemEnabled(java.nio.file.Path status, String subsystem)
      throws java.io.IOException {
    // BUG: Diagnostic contains: `lines`, which holds its result, is dereferenced
    List<String> lines = Defer.call(scope -> {
      scope.defer(() -> {
        if (scope.recover() != null) {
          log("cannot read " + status);
        }
      });
      return java.nio.file.Files.readAllLines(status);
    });
    for (String line : lines) {
      if (line.startsWith(subsystem)) {
        return true;
      }
    }
    return false;
  }

  /** apache/helix#200: a parse error swallowed, and an element of the null array read. */
  String lastSnapshot(String text) {
    // BUG: Diagnostic contains: `parts`, which holds its result, is dereferenced
    String[] parts = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return text.split(":", 2);
    });
    return parts[1];
  }

  /** The action recovers in an anonymous class; the value is iterated over. */
  int countNames(List<String> source) {
    // BUG: Diagnostic contains: `names`, which holds its result, is dereferenced
    List<String> names = Defer.call(scope -> {
      scope.defer(new Deferred() {
        @Override
        public void run() {
          log(scope.recover());
        }
      });
      return List.copyOf(source);
    });
    int count = 0;
    for (String name : names) {
      count += name.length();
    }
    return count;
  }

  /** A scope nested in a lambda: the same in the lambda's own code. */
  Runnable later(String text) {
    return () -> {
      // BUG: Diagnostic contains: `Defer.call` returns null
      String trimmed = Defer.call(scope -> {
        scope.defer(() -> log(scope.recover()));
        return text.trim();
      });
      log(trimmed.length());
    };
  }

  /** A switch expression of a primitive type unboxes what a case yields. */
  int yielded(String text, int kind) {
    int parsed = switch (kind) {
      case 1 -> {
        // BUG: Diagnostic contains: `value`, which holds its result, is unboxed on line 189
        Integer value = Defer.call(scope -> {
          scope.defer(() -> log(scope.recover()));
          return Integer.parseInt(text);
        });
        yield value;
      }
      // BUG: Diagnostic contains: its result is unboxed on line 192
      case 2 -> Defer.call(scope -> {
        scope.defer(() -> log(scope.recover()));
        return Integer.parseInt(text.trim());
      });
      default -> 0;
    };
    return parsed;
  }
}
