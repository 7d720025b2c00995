package io.github.deferlint.checks;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

final class DeferAwareMustBeClosedCheckerTest {
  private static final String[] CONNECTION = {
    "package acme;",
    "import com.google.errorprone.annotations.MustBeClosed;",
    "public final class Connection implements AutoCloseable {",
    "  @MustBeClosed public static Connection open() { return new Connection(); }",
    "  public int read() { return 0; }",
    "  @Override public void close() {}",
    "}"
  };

  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(DeferAwareMustBeClosedChecker.class, getClass())
          .setArgs(DeferlintChecks.switchedOn(DeferAwareMustBeClosedChecker.class))
          .addSourceLines("acme/Connection.java", CONNECTION);

  @Test
  void identification() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import acme.Connection;",
            "import io.github.deferlint.defer.Defer;",
            "class Negatives {",
            "  int handedToClosing() {",
            "    return Defer.call(scope -> scope.closing(Connection.open()).read());",
            "  }",
            // Error Prone's own check crashes here (2.50: conflicting fixes for the two arms).
            "  int eitherArmOfAConditional(boolean primary) {",
            "    return Defer.call(",
            "        scope -> scope.closing(primary ? Connection.open() : Connection.open()).read());",
            "  }",
            "  int registeredByTheNextStatement() {",
            "    return Defer.call(scope -> {",
            "      Connection connection = Connection.open();",
            "      scope.defer(connection::close);",
            "      return connection.read();",
            "    });",
            "  }",
            "}")
        .addSourceLines(
            "Positives.java",
            "import acme.Connection;",
            "import io.github.deferlint.defer.Defer;",
            "class Positives {",
            "  static void log(Object value) {}",
            "  int neverRegistered() {",
            "    return Defer.call(scope -> {",
            "      // BUG: Diagnostic contains: register it on a scope that closes it",
            "      Connection connection = Connection.open();",
            "      return connection.read();",
            "    });",
            "  }",
            "  int registeredLater() {",
            "    return Defer.call(scope -> {",
            "      // BUG: Diagnostic contains: must be closed",
            "      Connection connection = Connection.open();",
            "      log(connection);",
            "      scope.closing(connection);",
            "      return connection.read();",
            "    });",
            "  }",
            "  int reassignable() {",
            "    return Defer.call(scope -> {",
            "      // BUG: Diagnostic contains: must be closed",
            "      Connection connection = Connection.open();",
            "      scope.defer(connection::close);",
            "      connection = null;",
            "      return 0;",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  /** The model says what registers: another API named by the flags is covered the same way. */
  @Test
  void registrationsOfAnotherApiTheModelIsTold() {
    String[] janitor = {
      "package acme;",
      "public interface Janitor {",
      "  <C extends AutoCloseable> C register(C resource);",
      "}"
    };
    String[] user = {
      "import acme.Connection;",
      "import acme.Janitor;",
      "class User {",
      "  int read(Janitor janitor) {",
      "    // BUG: Diagnostic contains: must be closed",
      "    return janitor.register(Connection.open()).read();",
      "  }",
      "}"
    };
    helper.addSourceLines("acme/Janitor.java", janitor).addSourceLines("User.java", user).doTest();
    CompilationTestHelper.newInstance(DeferAwareMustBeClosedChecker.class, getClass())
        .addSourceLines("acme/Connection.java", CONNECTION)
        .addSourceLines("acme/Janitor.java", janitor)
        .addSourceLines(
            "User.java",
            java.util.Arrays.stream(user)
                .filter(line -> !line.contains("BUG"))
                .toArray(String[]::new))
        .setArgs(
            ImmutableList.<String>builder()
                .addAll(DeferlintChecks.switchedOn(DeferAwareMustBeClosedChecker.class))
                .add("-XepOpt:Deferlint:ScopeTypes=acme.Janitor")
                .add("-XepOpt:Deferlint:ClosingMethods=register")
                .build())
        .doTest();
  }

  /** Where no scope closes the resource, the fix is Error Prone's own. */
  @Test
  void replacement() {
    BugCheckerRefactoringTestHelper.newInstance(DeferAwareMustBeClosedChecker.class, getClass())
        .setArgs(DeferlintChecks.switchedOn(DeferAwareMustBeClosedChecker.class))
        .addInputLines("acme/Connection.java", CONNECTION)
        .expectUnchanged()
        .addInputLines(
            "Reader.java",
            "import acme.Connection;",
            "class Reader {",
            "  int read() {",
            "    Connection connection = Connection.open();",
            "    return connection.read();",
            "  }",
            "}")
        .addOutputLines(
            "Reader.java",
            "import acme.Connection;",
            "class Reader {",
            "  int read() {",
            "    try (Connection connection = Connection.open()) {",
            "      return connection.read();",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  /** Loaded with the plugin, the variant says nothing while Error Prone's own check runs. */
  @Test
  void silentWhileErrorPronesOwnCheckRuns() {
    CompilationTestHelper.newInstance(DeferAwareMustBeClosedChecker.class, getClass())
        .addSourceLines("acme/Connection.java", CONNECTION)
        .addSourceLines(
            "User.java",
            "import acme.Connection;",
            "class User {",
            "  int leak() {",
            "    return Connection.open().read();",
            "  }",
            "}")
        .doTest();
  }
}
