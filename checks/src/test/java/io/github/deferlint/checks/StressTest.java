package io.github.deferlint.checks;

import static java.util.concurrent.TimeUnit.MINUTES;

import com.google.errorprone.CompilationTestHelper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compiles test-inputs/stress with every check at once (in strict mode a check's exception fails
 * the test): odd corners of Java must neither crash a check, nor hang it, nor draw an unmarked
 * finding.
 */
final class StressTest {
  static Stream<Path> inputs() throws IOException {
    try (Stream<Path> files = Files.list(TestInputsTest.TEST_INPUTS.resolve("stress"))) {
      return files
          .filter(file -> file.toString().endsWith(".java"))
          .filter(TestInputsTest::javacKnowsItsSyntax)
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  @Timeout(value = 2, unit = MINUTES, threadMode = ThreadMode.SEPARATE_THREAD) // A hang fails.
  void everyCheckCompilesOddCorners(Path input) {
    CompilationTestHelper.newInstance(DeferlintChecks.scanner(), getClass())
        .addSourceLines(input.getFileName().toString(), TestInputsTest.lines(input))
        .doTest();
  }
}
