package io.github.deferlint.bench.runtime;

import com.google.common.io.Closer;
import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Result;
import java.io.IOException;
import java.io.StringReader;

/**
 * The rest of an application that uses deferlint (and Guava's Closer) in many places, to run before
 * a benchmark.
 *
 * <p>The JIT compiles the runtime's calls of bodies and deferred actions from a profile of the
 * types it has seen at each call site, and that profile belongs to the runtime, not to its caller.
 * In a benchmark alone every call site sees one or two types, and the JIT can inline the
 * benchmark's own actions into the runtime; in an application it has seen dozens. Running these
 * scopes first gives each registration kind (no argument, one, two, a resource) several lambda
 * classes, some bodies that panic and recover, some deferred actions that throw, nested scopes,
 * scopes with many actions, and as many Closer uses, so that the benchmark is compiled the way it
 * would be in a service.
 */
final class OtherCallers {
  private static final int ROUNDS = 30_000;

  /** Written by the actions so that the JIT cannot remove them; never read for its value. */
  private static long sink;

  private OtherCallers() {}

  static long run() {
    for (int i = 0; i < ROUNDS; i++) {
      noArguments();
      oneArgument(i);
      twoArguments(i);
      resources();
      sink += call(i);
      sink += callTwice(i);
      sink += callWithResource(i);
      sink += named(i);
      sink += namedWrapped(i);
      sink += namedCounted(i);
      if (i % 16 == 0) {
        panicAndRecover(i);
        throwingAction();
      }
      if (i % 8 == 0) {
        manyActions(i);
        nested(i);
      }
      closers(i);
      if (i % 16 == 0) {
        failingCloser();
      }
    }
    return sink;
  }

  private static void noArguments() {
    Defer.run(
        scope -> {
          scope.defer(() -> sink++);
          scope.defer(() -> sink += 2);
          scope.defer(() -> sink ^= 3);
        });
  }

  private static void oneArgument(int i) {
    Defer.run(
        scope -> {
          scope.defer(OtherCallers::add, i);
          scope.defer(text -> sink += text.length(), "deferred");
          scope.defer(values -> sink += values.length, new int[] {i});
        });
  }

  private static void twoArguments(int i) {
    Defer.run(
        scope -> {
          scope.defer((a, b) -> sink += a + b, i, 1);
          scope.defer((text, n) -> sink += text.length() * n, "deferred", i);
        });
  }

  private static void resources() {
    Defer.run(
        scope -> {
          scope.closing(() -> sink++);
          scope.closing(new java.io.StringReader("resource"));
        });
  }

  private static int call(int i) {
    Integer value =
        Defer.call(
            scope -> {
              scope.defer(OtherCallers::add, -i);
              return i & 0xff;
            });
    return value == null ? 0 : value;
  }

  private static int named(int i) {
    return Defer.named(
        0,
        (scope, result) -> {
          scope.defer(OtherCallers::clamp, result);
          scope.defer(() -> sink++);
          return i & 0xff;
        });
  }

  private static int callTwice(int i) {
    String value =
        Defer.call(
            scope -> {
              scope.defer(() -> sink--);
              scope.defer(OtherCallers::add, i);
              return i % 2 == 0 ? "even" : "odd";
            });
    return value == null ? 0 : value.length();
  }

  private static int callWithResource(int i) {
    Integer value =
        Defer.call(
            scope -> {
              java.io.StringReader reader = scope.closing(new java.io.StringReader("x"));
              return reader.markSupported() ? i : -i;
            });
    return value == null ? 0 : value;
  }

  private static int namedWrapped(int i) {
    String value =
        Defer.named(
            "none",
            (scope, result) -> {
              scope.defer(r -> r.set("[" + r.get() + "]"), result);
              return i % 3 == 0 ? "three" : "other";
            });
    return value.length();
  }

  private static long namedCounted(int i) {
    return Defer.named(
        0L,
        (scope, result) -> {
          scope.defer((r, n) -> r.set(r.get() + n), result, 1L);
          return (long) i;
        });
  }

  private static void panicAndRecover(int i) {
    String recovered =
        Defer.named(
            "",
            (scope, result) -> {
              scope.defer(
                  () -> {
                    Throwable t = scope.recover();
                    if (t != null) {
                      result.set(String.valueOf(t.getMessage())); // A panic's: never null.
                    }
                  });
              throw Defer.panic(i);
            });
    sink += recovered.length();
  }

  private static void throwingAction() {
    try {
      Defer.run(
          scope -> {
            scope.defer(
                () -> {
                  throw new IllegalStateException("deferred action failed");
                });
            scope.defer(() -> sink++);
          });
    } catch (IllegalStateException expected) {
      sink++;
    }
  }

  private static void nested(int i) {
    Defer.run(
        outer -> {
          outer.defer(() -> sink++);
          Defer.run(
              inner -> {
                inner.defer(OtherCallers::add, i);
                outer.defer(OtherCallers::add, -i);
              });
        });
  }

  private static void manyActions(int i) {
    Defer.run(
        scope -> {
          for (int k = 0; k < 6 + (i & 7); k++) {
            scope.defer(OtherCallers::add, k);
          }
        });
  }

  private static void closers(int i) {
    try {
      Closer closer = Closer.create();
      try {
        closer.register(() -> sink++);
        closer.register(new StringReader("resource"));
        if (i % 2 == 0) {
          closer.register(() -> sink += 2);
        }
        closer.register(() -> sink ^= i);
      } catch (Throwable t) {
        throw closer.rethrow(t);
      } finally {
        closer.close();
      }
    } catch (IOException unexpected) {
      throw new AssertionError(unexpected);
    }
  }

  private static void failingCloser() {
    try {
      Closer closer = Closer.create();
      try {
        closer.register(
            () -> {
              throw new IOException("close failed");
            });
        closer.register(() -> sink++);
      } catch (Throwable t) {
        throw closer.rethrow(t);
      } finally {
        closer.close();
      }
    } catch (IOException expected) {
      sink++;
    }
  }

  private static void add(int amount) {
    sink += amount;
  }

  private static void clamp(Result<Integer> result) {
    result.set(Math.min(result.get(), 100));
  }
}
