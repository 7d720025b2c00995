package io.github.deferlint.checks;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.bugpatterns.BugChecker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every file under {@code test-inputs/<CheckName>/} through that check: the marked lines must
 * get their finding, and no other line any.
 */
final class TestInputsTest {
  static final Path TEST_INPUTS = Paths.get("..", "test-inputs");

  static Stream<Path> inputs() throws IOException {
    try (Stream<Path> files = Files.walk(TEST_INPUTS)) {
      List<Path> javaFiles =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> !file.getParent().getFileName().toString().equals("stress"))
              .sorted()
              .toList();
      assertWithMessage("Java files under %s", TEST_INPUTS).that(javaFiles).isNotEmpty();
      return javaFiles.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void findsExactlyTheMarkedPitfalls(Path input) throws Exception {
    String checkName = input.getParent().getFileName().toString();
    Class<? extends BugChecker> check =
        Class.forName(TestInputsTest.class.getPackageName() + "." + checkName)
            .asSubclass(BugChecker.class);
    CompilationTestHelper.newInstance(check, getClass())
        .setArgs(DeferlintChecks.switchedOn(check))
        .addSourceLines(input.getFileName().toString(), lines(input))
        .doTest();
  }

  static String[] lines(Path file) {
    try {
      return Files.readAllLines(file).toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
