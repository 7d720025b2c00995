package com.example.inventory;

import io.github.deferlint.defer.Defer;
import java.util.function.Supplier;

/** Runs queries on connections from a factory, and times them. */
public final class Connections {
  /** A database connection. */
  public interface Connection extends AutoCloseable {
    String query(String sql);

    @Override
    void close();
  }

  /** Where timings go. */
  public interface Metrics {
    void record(String name, long nanos);
  }

  private final Supplier<Connection> connect;
  private final Metrics metrics;

  public Connections(Supplier<Connection> connect, Metrics metrics) {
    this.connect = connect;
    this.metrics = metrics;
  }

  /** Times the query when it ends: the lambda reads the clock when it runs. */
  public String query(String sql) {
    long start = System.nanoTime();
    return Defer.call(scope -> {
      scope.defer(() -> metrics.record("query", System.nanoTime() - start));
      Connection connection = scope.closing(connect.get());
      return connection.query(sql);
    });
  }

  /** Pitfall: the elapsed time is computed at registration, so it is about zero. */
  public String timedQuery(String sql) {
    long start = System.nanoTime();
    return Defer.call(scope -> {
      scope.defer(metrics::record, "query", System.nanoTime() - start);
      Connection connection = scope.closing(connect.get());
      return connection.query(sql);
    });
  }

  /** Pitfall: the deferred close acts on the first connection; the retry's connection leaks. */
  public String queryWithRetry(String sql) {
    return Defer.call(scope -> {
      Connection connection = connect.get();
      scope.defer(connection::close);
      try {
        return connection.query(sql);
      } catch (RuntimeException e) {
        connection = connect.get();
        return connection.query(sql);
      }
    });
  }
}
