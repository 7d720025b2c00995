package io.github.deferlint.bench.runtime;

import com.google.common.io.Closer;
import io.github.deferlint.bench.runtime.RuntimeBench.JitProfile;
import io.github.deferlint.bench.runtime.RuntimeBench.Lock;
import io.github.deferlint.bench.runtime.RuntimeBench.Locks;
import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Deferred1;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Controls for {@link RuntimeBench}: what calling the actions from one place costs. A scope, like
 * Guava's {@link Closer}, calls every deferred action from one call site in its own code, and the
 * JIT inlines a call there only while it has seen at most two classes of action; in {@link
 * RuntimeBench} each registration is a lambda or method reference of its own class, as in real
 * code. Here every action of a benchmark is of one class, which only a benchmark arranges. The
 * difference to RuntimeBench's rows of the same size is the price of the calls that are not
 * inlined; try-with-resources, whose closing calls the compiler writes out one per resource, has
 * none to pay ({@link #tryWithResources3DistinctClasses} against RuntimeBench's one class).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class DispatchBench {
  private static final Deferred1<Lock> RELEASE = RuntimeBench::release;

  private static Closeable releasing(Lock lock) {
    return () -> RuntimeBench.release(lock);
  }

  @Benchmark
  public void scope3OneClass(Locks s, JitProfile jit, Blackhole bh) {
    Defer.run(
        scope -> {
          s.l0.acquire();
          scope.defer(RELEASE, s.l0);
          s.l1.acquire();
          scope.defer(RELEASE, s.l1);
          s.l2.acquire();
          scope.defer(RELEASE, s.l2);
          bh.consume(s.l0.guarded + s.l1.guarded + s.l2.guarded);
        });
  }

  @Benchmark
  public void closer3OneClass(Locks s, JitProfile jit, Blackhole bh) throws IOException {
    Closer closer = Closer.create();
    try {
      s.l0.acquire();
      closer.register(releasing(s.l0));
      s.l1.acquire();
      closer.register(releasing(s.l1));
      s.l2.acquire();
      closer.register(releasing(s.l2));
      bh.consume(s.l0.guarded + s.l1.guarded + s.l2.guarded);
    } catch (Throwable t) {
      throw closer.rethrow(t);
    } finally {
      closer.close();
    }
  }

  @Benchmark
  @SuppressWarnings("try") // The resources are there to be closed.
  public void tryWithResources3DistinctClasses(Locks s, Blackhole bh) throws Exception {
    s.l0.acquire();
    try (AutoCloseable r0 = () -> RuntimeBench.release(s.l0)) {
      s.l1.acquire();
      try (AutoCloseable r1 = () -> RuntimeBench.release(s.l1)) {
        s.l2.acquire();
        try (AutoCloseable r2 = () -> RuntimeBench.release(s.l2)) {
          bh.consume(s.l0.guarded + s.l1.guarded + s.l2.guarded);
        }
      }
    }
  }

  @Benchmark
  public void scope8OneClass(Locks s, JitProfile jit, Blackhole bh) {
    Defer.run(
        scope -> {
          s.l0.acquire();
          scope.defer(RELEASE, s.l0);
          s.l1.acquire();
          scope.defer(RELEASE, s.l1);
          s.l2.acquire();
          scope.defer(RELEASE, s.l2);
          s.l3.acquire();
          scope.defer(RELEASE, s.l3);
          s.l4.acquire();
          scope.defer(RELEASE, s.l4);
          s.l5.acquire();
          scope.defer(RELEASE, s.l5);
          s.l6.acquire();
          scope.defer(RELEASE, s.l6);
          s.l7.acquire();
          scope.defer(RELEASE, s.l7);
          bh.consume(s.l0.guarded + s.l7.guarded);
        });
  }

  @Benchmark
  public void closer8OneClass(Locks s, JitProfile jit, Blackhole bh) throws IOException {
    Closer closer = Closer.create();
    try {
      s.l0.acquire();
      closer.register(releasing(s.l0));
      s.l1.acquire();
      closer.register(releasing(s.l1));
      s.l2.acquire();
      closer.register(releasing(s.l2));
      s.l3.acquire();
      closer.register(releasing(s.l3));
      s.l4.acquire();
      closer.register(releasing(s.l4));
      s.l5.acquire();
      closer.register(releasing(s.l5));
      s.l6.acquire();
      closer.register(releasing(s.l6));
      s.l7.acquire();
      closer.register(releasing(s.l7));
      bh.consume(s.l0.guarded + s.l7.guarded);
    } catch (Throwable t) {
      throw closer.rethrow(t);
    } finally {
      closer.close();
    }
  }
}
