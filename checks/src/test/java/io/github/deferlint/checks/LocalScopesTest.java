package io.github.deferlint.checks;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.BugCheckerRefactoringTestHelper.TestMode;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

/**
 * The second scope shape, a local closed at the end of a {@code try} (Guava's {@code Closer}, out
 * of the box): the checks that apply to it find what they find in lambda scopes, and their fixes
 * speak its form. The cases themselves are in test-inputs/; here are the fixes, and the rules that
 * only this shape has.
 */
final class LocalScopesTest {

  @Test
  void deferInLoopOpensACloserPerIteration() {
    BugCheckerRefactoringTestHelper.newInstance(DeferInLoop.class, getClass())
        .addInputLines(
            "Copies.java",
            "import com.google.common.io.Closer;",
            "import java.io.IOException;",
            "import java.io.InputStream;",
            "import java.io.OutputStream;",
            "import java.nio.file.Files;",
            "import java.nio.file.Path;",
            "import java.util.List;",
            "class Copies {",
            "  void tryWithResources(List<Path> paths, OutputStream out) throws IOException {",
            "    try (Closer closer = Closer.create()) {",
            "      for (Path p : paths) {",
            "        InputStream in = closer.register(Files.newInputStream(p));",
            "        if (in.available() == 0) {",
            "          continue; // A try leaves jumps as they are, unlike a lambda.",
            "        }",
            "        in.transferTo(out);",
            "      }",
            "    }",
            "  }",
            "  void finallyIdiom(List<Path> paths, OutputStream out) throws IOException {",
            "    Closer closer = Closer.create();",
            "    try {",
            "      int copied = 0;",
            "      for (Path p : paths) {",
            "        closer.register(Files.newInputStream(p)).transferTo(out);",
            "        copied++;",
            "      }",
            "    } catch (Throwable t) {",
            "      throw closer.rethrow(t);",
            "    } finally {",
            "      closer.close();",
            "    }",
            "  }",
            "}")
        .addOutputLines(
            "Copies.java",
            "import com.google.common.io.Closer;",
            "import java.io.IOException;",
            "import java.io.InputStream;",
            "import java.io.OutputStream;",
            "import java.nio.file.Files;",
            "import java.nio.file.Path;",
            "import java.util.List;",
            "class Copies {",
            "  void tryWithResources(List<Path> paths, OutputStream out) throws IOException {",
            "    try (Closer closer = Closer.create()) {",
            "      for (Path p : paths) {",
            "        try (Closer it = Closer.create()) {",
            "          InputStream in = it.register(Files.newInputStream(p));",
            "          if (in.available() == 0) {",
            "            continue; // A try leaves jumps as they are, unlike a lambda.",
            "          }",
            "          in.transferTo(out);",
            "        }",
            "      }",
            "    }",
            "  }",
            "  void finallyIdiom(List<Path> paths, OutputStream out) throws IOException {",
            "    Closer closer = Closer.create();",
            "    try {",
            "      int copied = 0;",
            "      for (Path p : paths) {",
            "        try (Closer it = Closer.create()) {",
            "          it.register(Files.newInputStream(p)).transferTo(out);",
            "          copied++;",
            "        }",
            "      }",
            "    } catch (Throwable t) {",
            "      throw closer.rethrow(t);",
            "    } finally {",
            "      closer.close();",
            "    }",
            "  }",
            "}")
        .doTest(TestMode.TEXT_MATCH);
  }

  /** {@code Closer.close()} throws IOException: no try where nothing would handle it. */
  @Test
  void noCloserFixWhereItsIoExceptionWouldNotCompile() {
    BugCheckerRefactoringTestHelper.newInstance(DeferInLoop.class, getClass())
        .addInputLines(
            "Lambdas.java",
            "import com.google.common.io.Closer;",
            "import java.io.IOException;",
            "import java.io.UncheckedIOException;",
            "import java.nio.file.Files;",
            "import java.nio.file.Path;",
            "import java.util.List;",
            "class Lambdas {",
            "  static void use(Object o) {}",
            "  void f(List<Path> paths) throws IOException {",
            "    try (Closer closer = Closer.create()) {",
            "      paths.forEach(p -> {",
            "        try {",
            "          use(closer.register(Files.newInputStream(p)));",
            "        } catch (IOException e) {",
            "          throw new UncheckedIOException(e);",
            "        }",
            "      });",
            "    }",
            "  }",
            "}")
        .expectUnchanged()
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void deferEagerArgumentOnlyWhileTheCloserIsOpen() {
    CompilationTestHelper.newInstance(DeferEagerArgument.class, getClass())
        .addSourceLines(
            "Rebinding.java",
            "import com.google.common.io.Closer;",
            "import java.io.IOException;",
            "import java.io.InputStream;",
            "import java.nio.file.Files;",
            "import java.nio.file.Path;",
            "class Rebinding {",
            "  void whileOpen(Path a, Path b) throws IOException {",
            "    try (Closer closer = Closer.create()) {",
            "      InputStream in = Files.newInputStream(a);",
            "      // BUG: Diagnostic contains: Register each object as it is created (e.g."
                + " `closer.register(...)`)",
            "      closer.register(in::close);",
            "      in = Files.newInputStream(b);",
            "      in.read();",
            "    }",
            "  }",
            "  void afterItClosed(Path a, Path b) throws IOException {",
            "    InputStream in = Files.newInputStream(a);",
            "    try (Closer closer = Closer.create()) {",
            "      closer.register(in::close);",
            "      in.read();",
            "    }",
            "    in = Files.newInputStream(b);",
            "    in.close();",
            "  }",
            "}")
        .doTest();
  }
}
