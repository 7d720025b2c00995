package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static io.github.deferlint.cli.Cli.JOB;
import static io.github.deferlint.cli.Cli.JOB_PATH;
import static io.github.deferlint.cli.Cli.run;
import static io.github.deferlint.cli.Cli.write;

import io.github.deferlint.defer.Defer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
        "deferlint: Invalid value for option '--format': expected one of [TEXT, SARIF, JSON, GITHUB,"
            + " CHECKSTYLE]"
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
  void javacOptionsTheRunnerSetsItself() {
    assertRejected(
        run(project, "--javac-option=-d", "--javac-option=out", "src"),
        "deferlint: --javac-option -d: set by the runner (nothing is written)");
    assertRejected(
        run(project, "--javac-option=-encoding", "--javac-option=UTF-16", "src"),
        "deferlint: --javac-option -encoding: set by the runner (give --encoding)");
    assertRejected(
        run(project, "--javac-option=-Xplugin:ErrorProne", "src"),
        "deferlint: --javac-option -Xplugin:ErrorProne: set by the runner (the runner runs Error"
            + " Prone itself; give --check and --flag)");
    assertRejected(
        run(project, "--javac-option=-Akey=value", "src"),
        "deferlint: --javac-option -Akey=value: set by the runner (annotation processors do not"
            + " run)");
  }

  @Test
  void javacOptionsJavacDoesNotKnow() {
    assertRejected(
        run(project, "--javac-option=--add-moduls=jdk.incubator.vector", "src"),
        "deferlint: --javac-option --add-moduls=jdk.incubator.vector: not an option of javac's"
            + " compiler");
    assertRejected(
        run(project, "--javac-option=-J-Xmx1g", "src"),
        "deferlint: --javac-option -J-Xmx1g: not an option of javac's compiler");
  }

  @Test
  void javacOptionWithoutItsValue() {
    assertRejected(
        run(project, "--javac-option=--add-modules", "src"),
        "deferlint: --javac-option --add-modules: needs a value, as --add-modules=VALUE or in the"
            + " next --javac-option");
  }

  @Test
  void javacOptionsJavacRefusesTogether() {
    assertRejected(
        run(project, "--release", "17", "--javac-option=--source=11", "src"),
        "deferlint: --javac-option: javac refuses the options: option --source cannot be used"
            + " together with --release");
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
                + " fix them, or the --classpath, --release or --javac-option, and run again\n");
    assertThat(run.err()).doesNotContain("[DeferEagerArgument]");
    assertNoStackTrace(run);
  }

  @Test
  void packagesJavacFoundNowhereAreNamed() {
    write(
        project,
        "src/com/acme/jobs/Annotated.java",
        """
        package com.acme.jobs;

        import com.example.missing.Thing;
        import org.example.gone.Other;

        class Annotated {
          Thing thing;
          Other.Nested other;
        }
        """);

    Cli.Run run = run(project, "src");

    assertThat(run.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.err())
        .contains("Annotated.java:3:27: error: package com.example.missing does not exist");
    assertThat(run.err())
        .endsWith(
            " (not deferlint findings); javac found no package com.example.missing and"
                + " org.example.gone: put the jars that hold them on the --classpath, and run"
                + " again\n");
    assertNoStackTrace(run);
  }

  @Test
  void beyondFourMissingPackagesTheRestAreCounted() {
    StringBuilder source = new StringBuilder("package com.acme.jobs;\n\n");
    for (String name : new String[] {"a", "b", "c", "d", "e"}) {
      source.append("import ").append(name).append(".missing.Thing;\n");
    }
    write(project, "src/com/acme/jobs/Many.java", source.append("\nclass Many {}\n").toString());

    Cli.Run run = run(project, "src");

    assertThat(run.err())
        .contains(
            "; javac found no package a.missing, b.missing, c.missing and 2 more: put the jars"
                + " that hold them on the --classpath, and run again\n");
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

  @Test
  void sourceThatIsNotUtf8() throws Exception {
    Files.write(
        project.resolve("src/com/acme/jobs/Latin.java"),
        "package com.acme.jobs;\n\nclass Latin {\n  String name = \"caf\u00e9\";\n}\n"
            .getBytes(StandardCharsets.ISO_8859_1));

    Cli.Run run = run(project, "src");

    assertRejected(
        run,
        "deferlint: src/com/acme/jobs/Latin.java:4:21: not UTF-8 (byte E9): give the sources'"
            + " encoding with --encoding, e.g. --encoding ISO-8859-1");
    assertThat(run(project, "--encoding", "ISO-8859-1", "src").status()).isEqualTo(Main.FINDINGS);
  }

  @Test
  void classOnTheSourcePathThatIsNotUtf8() throws Exception {
    write(
        project,
        JOB_PATH,
        JOB.replace("public class Job {", "public class Job {\n  Helper helper;"));
    Files.write(
        project.resolve("src/com/acme/jobs/Helper.java"),
        "package com.acme.jobs;\n\nclass Helper {\n  String name = \"caf\u00e9\";\n}\n"
            .getBytes(StandardCharsets.ISO_8859_1));

    Cli.Run run = run(project, JOB_PATH);

    assertThat(run.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith(
            "src/com/acme/jobs/Helper.java:4:21: error: unmappable character (0xE9) for encoding"
                + " UTF-8\n");
    assertNoStackTrace(run);
  }

  @Test
  void codeNestedTooDeeplyForTheThreadStack() {
    write(
        project,
        "src/Deep.java",
        "class Deep {\n  String f(String a) {\n    return "
            + String.join(" + ", java.util.Collections.nCopies(50_000, "a"))
            + ";\n  }\n}\n");

    Cli.Run run = run(project, "src/Deep.java");

    assertRejected(
        run,
        "deferlint: out of stack (StackOverflowError) while compiling src/Deep.java: code nested"
            + " this deeply needs a bigger thread stack, e.g. DEFERLINT_JAVA_OPTS=-Xss");
  }

  @Test
  void outputThatIsOneOfTheSources() {
    Cli.Run run = run(project, "--output", "./src/com/acme/../acme/jobs/Job.java", "src");

    assertRejected(
        run,
        "deferlint: --output ./src/com/acme/../acme/jobs/Job.java is one of the sources to check;"
            + " give another file");
    assertThat(Cli.read(project.resolve(JOB_PATH))).isEqualTo(JOB);
  }

  @Test
  void baselineToWriteThatIsOneOfTheSources() {
    Cli.Run run = run(project, "--write-baseline", JOB_PATH, "src");

    assertRejected(
        run, "deferlint: --write-baseline " + JOB_PATH + " is one of the sources to check;");
    assertThat(Cli.read(project.resolve(JOB_PATH))).isEqualTo(JOB);
  }

  @Test
  void outputThatIsTheBaselineRead() throws Exception {
    run(project, "--write-baseline", "known.json", "src");
    String baseline = Cli.read(project.resolve("known.json"));

    Cli.Run run = run(project, "--baseline", "known.json", "--output", "known.json", "src");

    assertRejected(run, "deferlint: --output known.json is the --baseline it reads;");
    assertThat(Cli.read(project.resolve("known.json"))).isEqualTo(baseline);
  }

  @Test
  void outputThatIsWriteProtected() throws Exception {
    Path report = write(project, "report.txt", "an old report\n");
    Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("r--r--r--"));

    Cli.Run run = run(project, "--output", "report.txt", "src");

    assertRejected(run, "deferlint: cannot write report report.txt: it is write-protected");
    assertThat(Cli.read(report)).isEqualTo("an old report\n");
  }

  @Test
  void unknownDeferlintFlag() {
    Cli.Run run = run(project, "--flag", "Deferlint:ScopeType=com.acme.Scope", "src");

    assertRejected(
        run,
        "deferlint: unknown flag Deferlint:ScopeType in --flag Deferlint:ScopeType=com.acme.Scope"
            + " (deferlint's flags: ");
    assertThat(run.err()).contains("Deferlint:ScopeTypes");
  }

  @Test
  void deferlintFlagInTheWrongCase() {
    assertRejected(
        run(project, "--flag", "deferlint:ScopeTypes=com.acme.Scope", "src"),
        "deferlint: unknown flag deferlint:ScopeTypes in --flag");
  }

  @Test
  void flagWithoutValue() {
    assertRejected(
        run(project, "--flag", "Deferlint:ScopeTypes", "src"),
        "deferlint: --flag Deferlint:ScopeTypes: expected NAME=VALUE");
  }

  @Test
  void javacErrorsBeyondWhatJavacListsAreCountedAndSaidToBe() {
    StringBuilder broken = new StringBuilder("package com.acme.jobs;\n\nclass Broken {\n");
    for (int i = 0; i < 150; i++) {
      broken.append("  Missing").append(i).append(" field").append(i).append(";\n");
    }
    write(project, "src/com/acme/jobs/Broken.java", broken.append("}\n").toString());

    Cli.Run capped = run(project, "src");
    Cli.Run all = run(project, "--max-errors", "200", "src");

    assertThat(capped.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(capped.err().lines().filter(line -> line.contains(": error: ")).count())
        .isEqualTo(100);
    assertThat(capped.err())
        .endsWith(
            "deferlint: the sources do not compile: the first 100 of 150 javac errors are above"
                + " (not deferlint findings; --max-errors 150 lists them all); fix them, or the"
                + " --classpath, --release or --javac-option, and run again\n");
    assertThat(all.err().lines().filter(line -> line.contains(": error: ")).count()).isEqualTo(150);
    assertThat(all.err()).contains("the sources do not compile: 150 javac errors above");
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
