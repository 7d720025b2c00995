package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static io.github.deferlint.cli.Cli.JOB;
import static io.github.deferlint.cli.Cli.JOB_PATH;
import static io.github.deferlint.cli.Cli.run;
import static io.github.deferlint.cli.Cli.write;

import io.github.deferlint.defer.Defer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad usage and input: one line naming the culprit on stderr, exit status 2, nothing on stdout and
 * never a stack trace.
 */
final class BadInputTest {
  @TempDir Path project;

  @BeforeEach
  void writeProject() throws Exception {
    write(project, JOB_PATH, JOB);
    write(project, "README.md", "# not Java\n");
    Files.createDirectories(project.resolve("docs/empty"));
    write(project, "docs/notes.txt", "no Java here\n");
  }

  @Test
  void missingPath() {
    assertRejected(run(project, "src", "nowhere"), "deferlint: no such file or directory: nowhere");
  }

  @Test
  void directoryWithoutJavaFiles() {
    assertRejected(run(project, "docs"), "deferlint: no .java files under docs");
  }

  @Test
  void fileThatIsNotJava() {
    assertRejected(run(project, "README.md"), "deferlint: not a Java source file: README.md");
  }

  @Test
  void noPathAtAll() {
    assertRejected(
        run(project), "deferlint: Missing required parameter: 'PATH' (see deferlint --help)");
  }

  @Test
  void unknownOption() {
    assertRejected(
        run(project, "--colour", "src"),
        "deferlint: Unknown option: '--colour' (see deferlint --help)");
  }

  @Test
  void unknownFormat() {
    assertRejected(
        run(project, "--format", "xml", "src"),
        "deferlint: Invalid value for option '--format': expected one of [TEXT, SARIF, JSON]"
            + " (case-insensitive) but was 'xml' (see deferlint --help)");
  }

  @Test
  void unknownCheckName() {
    Cli.Run run = run(project, "--check", "DeferEagerArguments:OFF", "src");

    assertRejected(run, "deferlint: unknown check DeferEagerArguments in --check");
    assertThat(run.err()).containsMatch("deferlint's checks: .*DeferEagerArgument");
  }

  @Test
  void checkWithoutLevel() {
    assertRejected(
        run(project, "--check", "DeferEagerArgument", "src"),
        "deferlint: --check DeferEagerArgument: expected NAME:LEVEL, LEVEL one of OFF, WARN,"
            + " ERROR");
  }

  @Test
  void missingClasspathEntry() {
    assertRejected(
        run(project, "--classpath", "lib/missing.jar", "src"),
        "deferlint: classpath entry not found: lib/missing.jar");
  }

  @Test
  void missingClasspathDirectoryOfAWildcard() {
    assertRejected(
        run(project, "-cp", "lib/*", "src"),
        "deferlint: classpath entry not found: lib/* (no such directory)");
  }

  @Test
  void releaseTheJdkCannotTarget() {
    assertRejected(
        run(project, "--release", "99", "src"),
        "deferlint: --release 99 is not supported by the JDK running deferlint");
  }

  @Test
  void missingBaseline() {
    assertRejected(
        run(project, "--baseline", "known.json", "src"),
        "deferlint: baseline file not found: known.json");
  }

  @Test
  void baselineThatIsNotOne() {
    write(project, "known.json", "{\"findings\": 3}");

    assertRejected(
        run(project, "--baseline", "known.json", "src"),
        "deferlint: baseline known.json is not a deferlint baseline");
  }

  @Test
  void outputThatCannotBeWritten() {
    assertRejected(
        run(project, "--output", "README.md/report.txt", "src"),
        "deferlint: cannot write report README.md/report.txt: ");
  }

  @Test
  void sourcesThatDoNotCompileGetJavacsErrorsNotFindings() {
    write(
        project,
        "src/com/acme/jobs/Broken.java",
        """
        package com.acme.jobs;

        class Broken {
          Missing field;
        }
        """);

    Cli.Run run = run(project, "src");

    assertThat(run.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith(
            """
            src/com/acme/jobs/Broken.java:4:3: error: cannot find symbol
              Missing field;
              ^
              symbol:   class Missing
              location: class com.acme.jobs.Broken
            """);
    assertThat(run.err())
        .endsWith(
            "deferlint: the sources do not compile: 1 javac error above (not deferlint findings);"
                + " fix them, or the --classpath or --release, and run again\n");
    assertThat(run.err()).doesNotContain("[DeferEagerArgument]");
    assertNoStackTrace(run);
  }

  @Test
  void withoutTheBundledApiTheCodeNeedsItOnTheClasspath() throws Exception {
    Cli.Run without = run(project, "--no-bundled-api", "src");
    Cli.Run withOwn =
        run(
            project,
            "--no-bundled-api",
            "--classpath",
            Path.of(Defer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString(),
            "src");

    assertThat(without.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(without.err())
        .contains("Job.java:3:33: error: package io.github.deferlint.defer does not exist");
    assertThat(withOwn.status()).isEqualTo(Main.FINDINGS);
  }

  private static void assertRejected(Cli.Run run, String messageStart) {
    assertThat(run.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith(messageStart);
    assertThat(run.err().lines().count()).isEqualTo(1);
    assertNoStackTrace(run);
  }

  private static void assertNoStackTrace(Cli.Run run) {
    assertThat(run.err()).doesNotContain("\tat ");
    assertThat(run.err()).doesNotContain("Exception");
  }
}
