import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Scope;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Recovering scopes whose callers get a value, check for null, or never see a recovery. */
class NegativeRecoveredNulls {
  record Point(int x, int y) {}

  static void log(Object message) {}

  /** Go's own answer: the named result says what the caller gets after a recovery. */
  int quantity(String text) {
    return Defer.named(0, (scope, result) -> {
      scope.defer(() -> { if (scope.recover() != null) log("bad input"); });
      return Integer.parseInt(text);
    });
  }

  /** apache/pulsar#19412 done the two ways the fix and its review chose: false, or a rethrow. */
  boolean canConsume(java.util.function.Predicate<String> policies, String role) {
    boolean allowed = Defer.named(false, (scope, result) -> {
      scope.defer(() -> {
        if (scope.recover() != null) {
          log("cannot read the permissions of " + role);
        }
      });
      return policies.test(role);
    });
    boolean strict = Defer.call(scope -> {
      scope.defer(() -> {
        Throwable failure = scope.recover();
        if (failure != null) {
          throw new IllegalStateException("cannot read the permissions of " + role, failure);
        }
      });
      return policies.test(role);
    });
    return allowed && strict;
  }

  /** A value that can be null only if the body returns it: no action recovers. */
  int exitCode(String text) {
    int code = Defer.call(scope -> {
      scope.defer(() -> log("done"));
      return Integer.parseInt(text);
    });
    return code;
  }

  /** No value: a run has nothing to return. */
  void report(String text) {
    Defer.run(scope -> {
      scope.defer(() -> log(scope.recover()));
      log(Integer.parseInt(text));
    });
  }

  /** Every recovered throwable is rethrown, wrapped. */
  int strict(String text) {
    return Defer.call(scope -> {
      scope.defer(() -> {
        Throwable failure = scope.recover();
        if (failure != null) {
          log("bad input: " + text);
          throw new IllegalArgumentException(text, failure);
        }
      });
      return Integer.parseInt(text);
    });
  }

  /** The caller checks for null, in the ways code does. */
  int checked(String text) {
    Integer n = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return Integer.parseInt(text);
    });
    if (n == null) {
      return -1;
    }
    Point point = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return new Point(n, n);
    });
    int x = Objects.nonNull(point) ? point.x() : 0;
    String name = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return text.trim();
    });
    return n + x + Optional.ofNullable(name).map(String::length).orElse(0);
  }

  /** A switch over the boxed value, after a null test that leaves. */
  String describe(String text) {
    Integer code = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return Integer.parseInt(text);
    });
    if (code == null) {
      return "unknown";
    }
    return switch (code) {
      case 0 -> "zero";
      default -> "other";
    };
  }

  /** The boxed value goes back to the caller, whose business it is. */
  Integer boxed(String text) {
    return Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return Integer.parseInt(text);
    });
  }

  /** Void: nothing to unbox. */
  CompletableFuture<Void> nothing(List<String> names) {
    return CompletableFuture.completedFuture(Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      names.clear();
      return null;
    }));
  }

  /** Recovering on another scope, or where the action does not run the recover itself. */
  int elsewhere(String text, Scope outer) {
    int a = Defer.call(inner -> {
      inner.defer(() -> log(outer.recover()));
      return Integer.parseInt(text);
    });
    int b = Defer.call(scope -> {
      scope.defer(() -> {
        Runnable later = () -> log(scope.recover());
        log(later);
      });
      return Integer.parseInt(text);
    });
    return a + b;
  }

  /** A generic result handed on unchecked: T may be anything, nothing is unboxed here. */
  <T> List<T> collect(List<T> items) {
    List<T> copy = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return List.copyOf(items);
    });
    log(copy);
    return copy;
  }

  @org.checkerframework.dataflow.qual.TerminatesExecution
  static void fail(Throwable cause) {
    throw new IllegalStateException(cause);
  }

  /** The action recovers only to throw again, and the resource is closed only if not null. */
  int neverNull(String text, AutoCloseable input) throws Exception {
    int length = Defer.call(scope -> {
      scope.defer(() -> fail(scope.recover()));
      return text.length();
    });
    try (AutoCloseable resource = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return input;
    })) {
      log(length);
    }
    AutoCloseable named = Defer.call(scope -> {
      scope.defer(() -> log(scope.recover()));
      return input;
    });
    try (named) {
      log(length);
    }
    return length;
  }

  /** A case that yields a checked value, and a switch expression that stays boxed. */
  int yieldedChecked(String text, int kind) {
    int parsed = switch (kind) {
      case 1 -> {
        Integer value = Defer.call(scope -> {
          scope.defer(() -> log(scope.recover()));
          return Integer.parseInt(text);
        });
        yield value == null ? -1 : value;
      }
      default -> 0;
    };
    Integer boxed = switch (kind) {
      case 1 -> Defer.call(scope -> {
        scope.defer(() -> log(scope.recover()));
        return Integer.parseInt(text);
      });
      default -> null;
    };
    return parsed + (boxed == null ? 0 : boxed);
  }
}
