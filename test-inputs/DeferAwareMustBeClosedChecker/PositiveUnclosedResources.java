import com.google.errorprone.annotations.MustBeClosed;
import io.github.deferlint.defer.Defer;

/** A @MustBeClosed resource that no scope closes: the variant reports it as Error Prone does. */
class PositiveUnclosedResources {
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

  static void keep(Connection connection) {}

  int neverClosed(String url) {
    return Defer.call(
        scope -> {
          // BUG: Diagnostic contains: must be closed
          Connection connection = Connection.open(url);
          return connection.read();
        });
  }

  void handedToAMethodThatDoesNotRegister(String url) {
    Defer.run(
        scope -> {
          // BUG: Diagnostic contains: must be closed
          keep(Connection.open(url));
        });
  }

  // defer(action, arg) evaluates arg now but does not close it.
  void anArgumentOfAnActionThatDoesNotCloseIt(String url) {
    // BUG: Diagnostic contains: must be closed
    Defer.run(scope -> scope.defer(PositiveUnclosedResources::log, Connection.open(url)));
  }

  void theNextStatementRegistersSomethingElse(String url) {
    Defer.run(
        scope -> {
          // BUG: Diagnostic contains: must be closed
          Connection connection = Connection.open(url);
          scope.defer(() -> log(connection));
        });
  }

  void noScopeAtAll(String url) {
    // BUG: Diagnostic contains: must be closed
    log(Connection.open(url).read());
  }
}
