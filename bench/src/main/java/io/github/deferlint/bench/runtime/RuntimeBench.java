package io.github.deferlint.bench.runtime;

import com.google.common.io.Closer;
import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Result;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of a deferral scope against what a careful programmer writes instead: a hand-written
 * try/finally, try-with-resources over lambda {@code AutoCloseable}s, and Guava's {@link Closer}.
 *
 * <p>Each group does the same work: take N locks (Go's {@code mu.Lock(); defer mu.Unlock()}), use
 * them, and release them last-in-first-out however the body ends. The scope's deferred actions are
 * static method references with an argument ({@code scope.defer(RuntimeBench::release, lock)}),
 * which capture nothing and so are allocated once per class, never per call: whatever {@code -prof
 * gc} reports as bytes per operation for a scope is the runtime's (the scope, its storage, the body
 * lambda), not the benchmark's. try-with-resources and Closer need an object per resource: a lambda
 * capturing the lock, 16 bytes each when the JIT does not scalar-replace it.
 *
 * <p>The versions are written out per action count rather than looped over a {@code @Param}: a loop
 * would make the hand-written baselines something nobody writes.
 *
 * <p>Every scope and Closer benchmark runs twice, once per {@link JitProfile}: alone, and after the
 * rest of an application has used the runtime and Closer (see {@link OtherCallers}). try/finally
 * and try-with-resources share no code between call sites, so they have no profile.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class RuntimeBench {

  /**
   * A lock stand-in. Acquiring and releasing count into separate fields: one counter going up and
   * down would let the JIT cancel the pair and measure nothing.
   */
  public static final class Lock {
    int acquired;
    int released;
    int guarded;

    void acquire() {
      acquired++;
    }
  }

  /** Eight distinct locks, so the JIT cannot merge the actions of one benchmark into one write. */
  @State(Scope.Thread)
  public static class Locks {
    final Lock l0 = new Lock();
    final Lock l1 = new Lock();
    final Lock l2 = new Lock();
    final Lock l3 = new Lock();
    final Lock l4 = new Lock();
    final Lock l5 = new Lock();
    final Lock l6 = new Lock();
    final Lock l7 = new Lock();

    /** Not final, so that the named-result benchmarks cannot fold the result to a constant. */
    Integer six = 6;
  }

  /** What the JIT has seen in the runtime before it compiles a scope benchmark. */
  @State(Scope.Benchmark)
  public static class JitProfile {
    /**
     * {@code alone}: only this benchmark has used the runtime, the best case for the JIT. {@code
     * shared}: {@link OtherCallers} used it, and Closer, first, as the rest of an application
     * would.
     */
    @Param({"alone", "shared"})
    String runtimeUse;

    @Setup(Level.Trial)
    public void useRuntimeElsewhere(Blackhole bh) {
      if (runtimeUse.equals("shared")) {
        bh.consume(OtherCallers.run());
      }
    }
  }

  static void release(Lock lock) {
    lock.released++;
  }

  /** Acquires {@code lock} and returns what releases it: a resource for try-with-resources. */
  static AutoCloseable locked(Lock lock) {
    lock.acquire();
    return () -> release(lock);
  }

  /** Go spec's example: {@code defer func() { result *= 7 }()}; 6 * 7 stays in Integer's cache. */
  static void timesSeven(Result<Integer> result) {
    result.set(result.get() * 7);
  }

  // ---- one action -------------------------------------------------------------------------------

  @Benchmark
  public void scope1(Locks s, JitProfile jit, Blackhole bh) {
    Defer.run(
        scope -> {
          s.l0.acquire();
          scope.defer(RuntimeBench::release, s.l0);
          bh.consume(s.l0.guarded);
        });
  }

  @Benchmark
  public void tryFinally1(Locks s, Blackhole bh) {
    s.l0.acquire();
    try {
      bh.consume(s.l0.guarded);
    } finally {
      release(s.l0);
    }
  }

  @Benchmark
  @SuppressWarnings("try") // The resources are there to be closed.
  public void tryWithResources1(Locks s, Blackhole bh) throws Exception {
    try (AutoCloseable r0 = locked(s.l0)) {
      bh.consume(s.l0.guarded);
    }
  }

  @Benchmark
  public void closer1(Locks s, JitProfile jit, Blackhole bh) throws IOException {
    Closer closer = Closer.create();
    try {
      s.l0.acquire();
      closer.register(() -> release(s.l0));
      bh.consume(s.l0.guarded);
    } catch (Throwable t) {
      throw closer.rethrow(t);
    } finally {
      closer.close();
    }
  }

  // ---- three actions ----------------------------------------------------------------------------

  @Benchmark
  public void scope3(Locks s, JitProfile jit, Blackhole bh) {
    Defer.run(
        scope -> {
          s.l0.acquire();
          scope.defer(RuntimeBench::release, s.l0);
          s.l1.acquire();
          scope.defer(RuntimeBench::release, s.l1);
          s.l2.acquire();
          scope.defer(RuntimeBench::release, s.l2);
          bh.consume(s.l0.guarded + s.l1.guarded + s.l2.guarded);
        });
  }

  @Benchmark
  public void tryFinally3(Locks s, Blackhole bh) {
    s.l0.acquire();
    try {
      s.l1.acquire();
      try {
        s.l2.acquire();
        try {
          bh.consume(s.l0.guarded + s.l1.guarded + s.l2.guarded);
        } finally {
          release(s.l2);
        }
      } finally {
        release(s.l1);
      }
    } finally {
      release(s.l0);
    }
  }

  @Benchmark
  @SuppressWarnings("try")
  public void tryWithResources3(Locks s, Blackhole bh) throws Exception {
    try (AutoCloseable r0 = locked(s.l0);
        AutoCloseable r1 = locked(s.l1);
        AutoCloseable r2 = locked(s.l2)) {
      bh.consume(s.l0.guarded + s.l1.guarded + s.l2.guarded);
    }
  }

  @Benchmark
  public void closer3(Locks s, JitProfile jit, Blackhole bh) throws IOException {
    Closer closer = Closer.create();
    try {
      s.l0.acquire();
      closer.register(() -> release(s.l0));
      s.l1.acquire();
      closer.register(() -> release(s.l1));
      s.l2.acquire();
      closer.register(() -> release(s.l2));
      bh.consume(s.l0.guarded + s.l1.guarded + s.l2.guarded);
    } catch (Throwable t) {
      throw closer.rethrow(t);
    } finally {
      closer.close();
    }
  }

  // ---- eight actions ---------------------------------------------------------------------------

  @Benchmark
  public void scope8(Locks s, JitProfile jit, Blackhole bh) {
    Defer.run(
        scope -> {
          s.l0.acquire();
          scope.defer(RuntimeBench::release, s.l0);
          s.l1.acquire();
          scope.defer(RuntimeBench::release, s.l1);
          s.l2.acquire();
          scope.defer(RuntimeBench::release, s.l2);
          s.l3.acquire();
          scope.defer(RuntimeBench::release, s.l3);
          s.l4.acquire();
          scope.defer(RuntimeBench::release, s.l4);
          s.l5.acquire();
          scope.defer(RuntimeBench::release, s.l5);
          s.l6.acquire();
          scope.defer(RuntimeBench::release, s.l6);
          s.l7.acquire();
          scope.defer(RuntimeBench::release, s.l7);
          bh.consume(s.l0.guarded + s.l7.guarded);
        });
  }

  @Benchmark
  public void tryFinally8(Locks s, Blackhole bh) {
    s.l0.acquire();
    try {
      s.l1.acquire();
      try {
        s.l2.acquire();
        try {
          s.l3.acquire();
          try {
            s.l4.acquire();
            try {
              s.l5.acquire();
              try {
                s.l6.acquire();
                try {
                  s.l7.acquire();
                  try {
                    bh.consume(s.l0.guarded + s.l7.guarded);
                  } finally {
                    release(s.l7);
                  }
                } finally {
                  release(s.l6);
                }
              } finally {
                release(s.l5);
              }
            } finally {
              release(s.l4);
            }
          } finally {
            release(s.l3);
          }
        } finally {
          release(s.l2);
        }
      } finally {
        release(s.l1);
      }
    } finally {
      release(s.l0);
    }
  }

  @Benchmark
  @SuppressWarnings("try")
  public void tryWithResources8(Locks s, Blackhole bh) throws Exception {
    try (AutoCloseable r0 = locked(s.l0);
        AutoCloseable r1 = locked(s.l1);
        AutoCloseable r2 = locked(s.l2);
        AutoCloseable r3 = locked(s.l3);
        AutoCloseable r4 = locked(s.l4);
        AutoCloseable r5 = locked(s.l5);
        AutoCloseable r6 = locked(s.l6);
        AutoCloseable r7 = locked(s.l7)) {
      bh.consume(s.l0.guarded + s.l7.guarded);
    }
  }

  @Benchmark
  public void closer8(Locks s, JitProfile jit, Blackhole bh) throws IOException {
    Closer closer = Closer.create();
    try {
      s.l0.acquire();
      closer.register(() -> release(s.l0));
      s.l1.acquire();
      closer.register(() -> release(s.l1));
      s.l2.acquire();
      closer.register(() -> release(s.l2));
      s.l3.acquire();
      closer.register(() -> release(s.l3));
      s.l4.acquire();
      closer.register(() -> release(s.l4));
      s.l5.acquire();
      closer.register(() -> release(s.l5));
      s.l6.acquire();
      closer.register(() -> release(s.l6));
      s.l7.acquire();
      closer.register(() -> release(s.l7));
      bh.consume(s.l0.guarded + s.l7.guarded);
    } catch (Throwable t) {
      throw closer.rethrow(t);
    } finally {
      closer.close();
    }
  }

  // ---- named result changed by a deferred action ------------------------------------------------

  /** Go: {@code func f() (result int) { defer func() { result *= 7 }(); return 6 }} returns 42. */
  @Benchmark
  public Integer named(Locks s, JitProfile jit) {
    return Defer.named(
        0,
        (scope, result) -> {
          scope.defer(RuntimeBench::timesSeven, result);
          return s.six;
        });
  }

  /** The same by hand: the return value is stored first, then the finally block changes it. */
  @Benchmark
  public Integer namedTryFinally(Locks s) {
    Integer result = 0;
    try {
      result = s.six;
    } finally {
      result = result * 7;
    }
    return result;
  }
}
