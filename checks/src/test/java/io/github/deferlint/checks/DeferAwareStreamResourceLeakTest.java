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
            "  // Stream.flatMap closes each stream it maps to (OpenSearch 2.19's FileCache).",
            "  long flatMapped(java.util.List<Path> directories) {",
            "    return directories.stream()",
            "        .flatMap(",
            "            directory -> {",
            "              try {",
            "                return Files.list(directory);",
            "              } catch (IOException e) {",
            "                throw new java.io.UncheckedIOException(e);",
            "              }",
            "            })",
            "        .count();",
            "  }",
            "}")
        .addSourceLines(
            "Positives.java",
            "import io.github.deferlint.defer.Defer;",
            "import java.io.IOException;",
            "import java.nio.file.Files;",
            "import java.nio.file.Path;",
            "import java.util.stream.Stream;",
            "class Positives {",
            "  long neverRegistered(Path file) throws IOException {",
            "    return Defer.call(scope -> {",
            "      // BUG: Diagnostic contains: register the stream on a scope that closes it",
            "      return Files.lines(file).count();",
            "    });",
            "  }",
            "  long mappedButNotFlatMapped(java.util.List<Path> directories) {",
            "    return directories.stream()",
            "        .map(",
            "            directory -> {",
            "              try {",
            "                // BUG: Diagnostic contains: register the stream on a scope that closes it",
            "                return Files.list(directory).count();",
            "              } catch (IOException e) {",
            "                return 0L;",
            "              }",
            "            })",
            "        .count();",
            "  }",
            "  long flatMappedButCountedFirst(java.util.List<Path> directories) {",
            "    return directories.stream()",
            "        .flatMap(",
            "            directory -> {",
            "              try {",
            "                // BUG: Diagnostic contains: register the stream on a scope that closes it",
            "                return Stream.of(Files.list(directory).count());",
            "              } catch (IOException e) {",
            "                return Stream.empty();",
            "              }",
            "            })",
            "        .count();",
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
