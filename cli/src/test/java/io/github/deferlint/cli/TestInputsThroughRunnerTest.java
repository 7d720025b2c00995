package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.common.io.Closer;
import com.google.errorprone.BugCheckerInfo;
import com.google.errorprone.annotations.MustBeClosed;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.checkerframework.dataflow.qual.TerminatesExecution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Runs the runner over every file of test-inputs/: a file in a check's folder with only that check
 * on, any other (stress/) with all of them. Findings must be exactly on the lines that follow a
 * {@code // BUG: Diagnostic contains:} marker, with the marked text in their message.
 */
final class TestInputsThroughRunnerTest {
  private static final Path TEST_INPUTS = Cli.REPOSITORY.resolve("test-inputs");
  private static final String MARKER = "// BUG: Diagnostic contains:";

  static Stream<Path> inputs() throws IOException {
    try (Stream<Path> files = Files.walk(TEST_INPUTS)) {
      List<Path> javaFiles =
          files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
      assertWithMessage("Java files under %s", TEST_INPUTS).that(javaFiles).isNotEmpty();
      return javaFiles.stream();
    }
  }

  /**
   * What the inputs use beside the API, as the checks' tests compile them: Guava's Closer, as a
   * scope of another API, and the annotations of Error Prone and the Checker Framework.
   */
  private static String classpath() {
    return Stream.of(Closer.class, MustBeClosed.class, TerminatesExecution.class)
        .map(TestInputsThroughRunnerTest::jarOf)
        .map(Path::toString)
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static Path jarOf(Class<?> member) {
    try {
      return Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void findingsAreExactlyTheMarkedOnes(Path input) throws IOException {
    String folder = input.getParent().getFileName().toString();
    List<String> arguments =
        new ArrayList<>(
            List.of("--format", "json", "--fail-on", "never", "--classpath", classpath()));
    List<String> checks =
        Checks.discover().deferlintChecks().stream().map(BugCheckerInfo::canonicalName).toList();
    if (checks.contains(folder)) {
      for (String other : checks) {
        if (!other.equals(folder)) {
          arguments.add("--check");
          arguments.add(other + ":OFF");
        }
      }
    }
    arguments.add(Cli.REPOSITORY.relativize(input).toString());

    Cli.Run run = Cli.run(Cli.REPOSITORY, arguments.toArray(String[]::new));

    assertWithMessage(run.err()).that(run.status()).isEqualTo(Main.CLEAN);
    List<String> lines = Files.readAllLines(input);
    List<Integer> expectedLines = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().startsWith(MARKER)) {
        expectedLines.add(i + 2);
      }
    }
    List<Integer> actualLines = new ArrayList<>();
    for (JsonNode finding : Json.MAPPER.readTree(run.out()).path("findings").values()) {
      int line = finding.path("line").asInt();
      actualLines.add(line);
      String marker = lines.get(line - 2).strip();
      if (marker.startsWith(MARKER)) {
        assertThat(finding.path("message").asString())
            .contains(marker.substring(MARKER.length()).strip());
      }
    }
    assertWithMessage("lines with findings in %s", input)
        .that(actualLines)
        .containsExactlyElementsIn(expectedLines);
  }
}
