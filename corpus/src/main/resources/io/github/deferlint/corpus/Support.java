package corpus;

import io.github.deferlint.defer.Deferred;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the generated code calls: stand-ins for a project's connections, pools, logging and metrics.
 * Copied into every generated corpus by deferlint-corpus.
 */
public final class Support {
  private Support() {}

  /** A resource to close. */
  public interface Conn extends AutoCloseable {
    int read();

    @Override
    void close();
  }

  /** A resource to close that is a {@link java.io.Closeable}, for Guava's Closer. */
  public interface Channel extends java.io.Closeable {
    int read();

    @Override
    void close();
  }

  /** Something borrowed from a pool, to give back. */
  public interface Lease {
    void release();
  }

  public interface Pool {
    Lease get();
  }

  /**
   * An unrelated API whose method names are the deferral API's: the checks must leave it alone,
   * loops included.
   */
  public static final class Tasks {
    private final List<Runnable> pending = new ArrayList<>();

    public void defer(Runnable task) {
      pending.add(task);
    }

    public AutoCloseable closing(AutoCloseable resource) {
      pending.add(() -> log(resource));
      return resource;
    }

    public Throwable recover() {
      return null;
    }

    public void runAll() {
      pending.forEach(Runnable::run);
    }
  }

  /** A timing started by {@link #timer}, recorded when closed. */
  public interface Timing extends AutoCloseable {
    @Override
    void close();
  }

  /** Go's trace idiom: starts tracing now, returns what ends the trace. */
  public static Deferred span(String name) {
    long start = System.nanoTime();
    return () -> log(name + " took " + (System.nanoTime() - start) + " ns");
  }

  /** Starts timing now; the elapsed time is recorded when the result is closed. */
  public static Timing timer(String name) {
    long start = System.nanoTime();
    return () -> record(System.nanoTime() - start);
  }

  /** A value type for the generated records and switches. */
  public record Point(int x, int y) {}

  public static Conn connect(String name) {
    return new Conn() {
      @Override
      public int read() {
        return name.length();
      }

      @Override
      public void close() {}
    };
  }

  public static Channel open(String name) {
    return new Channel() {
      @Override
      public int read() {
        return name.length();
      }

      @Override
      public void close() {}
    };
  }

  public static Pool pool() {
    return () -> () -> log("released");
  }

  public static void log(Object message) {}

  public static void pair(Object first, Object second) {}

  public static void trace(String name, long startNanos) {
    log(name + " took " + (System.nanoTime() - startNanos) + " ns");
  }

  public static void record(long nanos) {}

  public static void recordDuration(Duration elapsed) {}

  public static int compute(int input) {
    return input * 31 + 7;
  }

  public static String lookup(String key) {
    return key.isEmpty() ? "" : key.toUpperCase(Locale.ROOT);
  }

  public static void runLater(Runnable task) {
    task.run();
  }
}
