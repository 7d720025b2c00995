package io.github.deferlint.checks;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

final class DeferAwareStreamResourceLeakTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(DeferAwareStreamResourceLeak.class, getClass())
          .setArgs(DeferlintChecks.switchedOn(DeferAwareStreamResourceLeak.class));

  @Test
  void identification() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import io.github.deferlint.defer.Defer;",
            "import java.io.IOException;",
            "import java.nio.file.Files;",
            "import java.nio.file.Path;",
            "import java.util.stream.Stream;",
            "class Negatives {",
            "  long handedToClosing(Path file) throws IOException {",
            "    return Defer.call(scope -> scope.closing(Files.lines(file)).count());",
            "  }",
            "  long registeredByTheNextStatement(Path directory) throws IOException {",
            "    return Defer.call(scope -> {",
            "      Stream<Path> entries = Files.list(directory);",
            "      scope.closing(entries);",
            "      return entries.count();",
            "    });",
            "  }",
            "}")
        .addSourceLines(
            "Positives.java",
            "import io.github.deferlint.defer.Defer;",
            "import java.io.IOException;",
            "import java.nio.file.Files;",
            "import java.nio.file.Path;",
            "class Positives {",
            "  long neverRegistered(Path file) throws IOException {",
            "    return Defer.call(scope -> {",
            "      // BUG: Diagnostic contains: register the stream on a scope that closes it",
            "      return Files.lines(file).count();",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  /** Loaded with the plugin, the variant says nothing while Error Prone's own check runs. */
  @Test
  void silentWhileErrorPronesOwnCheckRuns() {
    CompilationTestHelper.newInstance(DeferAwareStreamResourceLeak.class, getClass())
        .addSourceLines(
            "User.java",
            "import java.io.IOException;",
            "import java.nio.file.Files;",
            "import java.nio.file.Path;",
            "class User {",
            "  long leak(Path file) throws IOException {",
            "    return Files.lines(file).count();",
            "  }",
            "}")
        .doTest();
  }
}
