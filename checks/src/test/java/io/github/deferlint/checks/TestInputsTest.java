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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every file under {@code test-inputs/<CheckName>/} through that check: the marked lines must
 * get their finding, and no other line any.
 */
final class TestInputsTest {
  static final Path TEST_INPUTS = Paths.get("..", "test-inputs");

  /** A file named {@code ...Java21.java} uses syntax that javac accepts from that release on. */
  private static final Pattern MINIMUM_RELEASE = Pattern.compile("Java(\\d+)\\.java$");

  static Stream<Path> inputs() throws IOException {
    try (Stream<Path> files = Files.walk(TEST_INPUTS)) {
      List<Path> javaFiles =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> !file.getParent().getFileName().toString().equals("stress"))
              .filter(TestInputsTest::javacKnowsItsSyntax)
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

  /** Whether the javac running the tests accepts the syntax of {@code file}. */
  static boolean javacKnowsItsSyntax(Path file) {
    Matcher release = MINIMUM_RELEASE.matcher(file.toString());
    return !release.find() || Runtime.version().feature() >= Integer.parseInt(release.group(1));
  }

  static String[] lines(Path file) {
    try {
      return Files.readAllLines(file).toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
