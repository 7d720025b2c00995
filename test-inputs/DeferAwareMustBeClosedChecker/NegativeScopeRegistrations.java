import com.google.errorprone.annotations.MustBeClosed;
import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Scope;

/** A @MustBeClosed resource that a scope closes: nothing leaks, nothing to report. */
class NegativeScopeRegistrations {
  static final class Connection implements AutoCloseable {
    @MustBeClosed
    static Connection open(String url) {
      return new Connection();
    }

    int read() {
      return 0;
    }

    @Override
    public void close() {}
  }

  static void log(Object value) {}

  // The documented idiom: open and register in one expression.
  int handedToClosing(String url) {
    return Defer.call(scope -> scope.closing(Connection.open(url)).read());
  }

  int keptInAVariable(String url) {
    return Defer.call(
        scope -> {
          Connection connection = scope.closing(Connection.open(url));
          return connection.read();
        });
  }

  void throughACastAndAConditional(String url, Connection cached, boolean fresh) {
    Defer.run(
        scope -> {
          AutoCloseable first = scope.closing((AutoCloseable) Connection.open(url));
          Connection second = scope.closing(fresh ? Connection.open(url) : cached);
          log(first);
          log(second.read());
        });
  }

  void throughTheArmsOfASwitch(String url, Connection cached, int mode) {
    Defer.run(
        scope -> {
          Connection chosen =
              scope.closing(
                  switch (mode) {
                    case 0 -> Connection.open(url);
                    case 1 -> {
                      log("second");
                      yield Connection.open(url + "/2");
                    }
                    default -> cached;
                  });
          log(chosen.read());
        });
  }

  // Go's f := open(); defer f.Close(), in each way the API can say it.
  void registeredByTheNextStatement(String url) {
    Defer.run(
        scope -> {
          Connection viaClosing = Connection.open(url);
          scope.closing(viaClosing);
          Connection viaReference = Connection.open(url);
          scope.defer(viaReference::close);
          Connection viaLambda = Connection.open(url);
          scope.defer(() -> viaLambda.close());
          Connection viaArgument = Connection.open(url);
          scope.defer(Connection::close, viaArgument);
          log(viaClosing.read() + viaReference.read() + viaLambda.read() + viaArgument.read());
        });
  }

  // A scope handed to a helper: still a scope.
  static int readWith(Scope scope, String url) {
    return scope.closing(Connection.open(url)).read();
  }

  String inANamedResult(String url) {
    return Defer.named(
        "none",
        (scope, result) -> {
          Connection connection = scope.closing(Connection.open(url));
          return "read " + connection.read();
        });
  }

  // Error Prone's own idioms stay accepted.
  int tryWithResources(String url) {
    try (Connection connection = Connection.open(url)) {
      return connection.read();
    }
  }

  @MustBeClosed
  Connection returnedFromAMustBeClosedMethod(String url) {
    return Connection.open(url);
  }
}
