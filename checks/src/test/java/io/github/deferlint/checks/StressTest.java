package io.github.deferlint.checks;

import static java.util.concurrent.TimeUnit.MINUTES;

import com.google.errorprone.CompilationTestHelper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  /** A file named {@code ...Java21.java} uses syntax that javac accepts from that release on. */
  private static final Pattern MINIMUM_RELEASE = Pattern.compile("Java(\\d+)\\.java$");

  static Stream<Path> inputs() throws IOException {
    try (Stream<Path> files = Files.list(TestInputsTest.TEST_INPUTS.resolve("stress"))) {
      return files
          .filter(file -> file.toString().endsWith(".java"))
          .filter(StressTest::javacKnowsItsSyntax)
          .sorted()
          .toList()
          .stream();
    }
  }

  private static boolean javacKnowsItsSyntax(Path file) {
    Matcher release = MINIMUM_RELEASE.matcher(file.toString());
    return !release.find() || Runtime.version().feature() >= Integer.parseInt(release.group(1));
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
