package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static io.github.deferlint.cli.Cli.CLEAN_JOB;
import static io.github.deferlint.cli.Cli.CLEAN_JOB_PATH;
import static io.github.deferlint.cli.Cli.JOB;
import static io.github.deferlint.cli.Cli.JOB_PATH;
import static io.github.deferlint.cli.Cli.run;
import static io.github.deferlint.cli.Cli.write;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default report, the exit statuses and the options that shape what is reported. */
final class TextOutputTest {
  @TempDir Path project;

  @Test
  void findingLinesAreCompilerStyleWithSourceLineAndCaret() {
    write(project, JOB_PATH, JOB);
    write(project, CLEAN_JOB_PATH, CLEAN_JOB);

    Cli.Run run = run(project, "src");

    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .startsWith(
            "src/com/acme/jobs/Job.java:11:29: warning: [DeferEagerArgument] `attempts` is"
                + " evaluated now");
    assertThat(lines.get(1)).isEqualTo("      scope.defer(Job::log, attempts);");
    assertThat(lines.get(2)).isEqualTo("                            ^~~~~~~~");
    assertThat(lines.get(3)).isEqualTo("deferlint: 2 files, 1 finding (DeferEagerArgument: 1)");
    assertThat(run.err()).isEmpty();
    assertThat(run.status()).isEqualTo(Main.FINDINGS);
  }

  @Test
  void caretKeepsTheTabsBeforeIt() {
    write(project, JOB_PATH, JOB.replace("      scope.defer(", "\t\tscope.defer("));

    List<String> lines = run(project, JOB_PATH).out().lines().toList();

    assertThat(lines.get(0)).startsWith("src/com/acme/jobs/Job.java:11:25: warning:");
    assertThat(lines.get(1)).isEqualTo("\t\tscope.defer(Job::log, attempts);");
    assertThat(lines.get(2)).isEqualTo("\t\t" + " ".repeat(22) + "^~~~~~~~");
  }

  @Test
  void cleanCodeExitsZero() {
    write(project, CLEAN_JOB_PATH, CLEAN_JOB);

    Cli.Run run = run(project, "src");

    assertThat(run.out()).isEqualTo("deferlint: 1 file, no findings\n");
    assertThat(run.status()).isEqualTo(Main.CLEAN);
  }

  @Test
  void failOnDecidesWhichFindingsFailTheRun() {
    write(project, JOB_PATH, JOB);

    assertThat(run(project, "--fail-on", "warning", "src").status()).isEqualTo(Main.FINDINGS);
    assertThat(run(project, "--fail-on", "error", "src").status()).isEqualTo(Main.CLEAN);
    assertThat(run(project, "--fail-on", "never", "src").status()).isEqualTo(Main.CLEAN);
    assertThat(
            run(project, "--fail-on", "error", "--check", "DeferEagerArgument:ERROR", "src")
                .status())
        .isEqualTo(Main.FINDINGS);
  }

  @Test
  void checkOverridesChangeTheLevelOrTurnTheCheckOff() {
    write(project, JOB_PATH, JOB);

    Cli.Run asError = run(project, "--check", "DeferEagerArgument:ERROR", "src");
    Cli.Run off = run(project, "--check", "DeferEagerArgument:off", "src");

    assertThat(asError.out())
        .contains("Job.java:11:29: error: [DeferEagerArgument] `attempts` is evaluated now");
    assertThat(off.out()).isEqualTo("deferlint: 1 file, no findings\n");
    assertThat(off.status()).isEqualTo(Main.CLEAN);
  }

  @Test
  void suppressWarningsIsHonoured() {
    write(
        project,
        JOB_PATH,
        JOB.replace(
            "  void run() {", "  @SuppressWarnings(\"DeferEagerArgument\")\n  void run() {"));

    assertThat(run(project, "src").out()).isEqualTo("deferlint: 1 file, no findings\n");
  }

  @Test
  void errorProneChecksAreOffUnlessAskedFor() {
    write(
        project,
        "src/Dead.java",
        """
        class Dead {
          void f() {
            new IllegalStateException("never thrown");
          }
        }
        """);

    Cli.Run byDefault = run(project, "src");
    Cli.Run allOfThem = run(project, "--all-error-prone-checks", "src");
    Cli.Run oneOfThem = run(project, "--check", "DeadException:WARN", "src");

    assertThat(byDefault.out()).isEqualTo("deferlint: 1 file, no findings\n");
    assertThat(allOfThem.out()).contains("src/Dead.java:3:5: error: [DeadException]");
    assertThat(oneOfThem.out()).contains("src/Dead.java:3:5: warning: [DeadException]");
  }

  @Test
  void flagsReachTheChecks() {
    write(project, JOB_PATH, JOB);

    Cli.Run run = run(project, "--flag", "Deferlint:ScopeTypes=com.acme.OtherScope", "src");

    assertThat(run.out()).contains("[DeferEagerArgument]");
    assertThat(run.status()).isEqualTo(Main.FINDINGS);
  }

  @Test
  void quietPrintsFindingsOnly() {
    write(project, JOB_PATH, JOB);

    Cli.Run run = run(project, "--quiet", "src");

    assertThat(run.out()).doesNotContain("deferlint:");
    assertThat(run.out().lines().count()).isEqualTo(3);
    assertThat(run.err()).isEmpty();
  }

  @Test
  void outputGoesToTheFileAndTheSummaryToStderr() {
    write(project, JOB_PATH, JOB);

    Cli.Run run = run(project, "--output", "build/deferlint.txt", "src");

    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("deferlint: 1 file, 1 finding (DeferEagerArgument: 1)\n");
    assertThat(Cli.read(project.resolve("build/deferlint.txt")))
        .startsWith("src/com/acme/jobs/Job.java:11:29: warning: [DeferEagerArgument]");
  }

  @Test
  void filesOfOnePackageInTwoSourceRootsAreBothChecked() {
    write(project, "main/" + JOB_PATH, JOB);
    write(project, "copy/" + JOB_PATH, JOB);

    Cli.Run run = run(project, "main", "copy");

    assertThat(run.out()).contains("copy/src/com/acme/jobs/Job.java:11:29: warning:");
    assertThat(run.out()).contains("main/src/com/acme/jobs/Job.java:11:29: warning:");
    assertThat(run.status()).isEqualTo(Main.FINDINGS);
  }

  @Test
  void filesSeeEachOtherAcrossBatchesAndPackages() {
    for (int i = 0; i < 5; i++) {
      write(
          project,
          "src/com/acme/p" + i + "/Step.java",
          """
          package com.acme.p%d;

          import io.github.deferlint.defer.Defer;

          public class Step {
            public static final String NAME = com.acme.p%d.Step.class.getName();

            public static void log(Object value) {}

            void run() {
              Defer.run(scope -> {
                String phase = NAME;
                scope.defer(Step::log, phase);
                phase = com.acme.p%d.Step.NAME;
              });
            }
          }
          """
              .formatted(i, (i + 1) % 5, (i + 4) % 5));
    }

    Cli.Run run = run(project, "--batch-size", "2", "src");

    assertThat(run.err()).isEmpty();
    assertThat(run.out()).endsWith("deferlint: 5 files, 5 findings (DeferEagerArgument: 5)\n");
  }

  @Test
  void classesUsedFromTheSourceRootAreEnteredNotAnalyzed() {
    write(
        project,
        JOB_PATH,
        JOB.replace("public class Job {", "public class Job {\n  Helper helper;"));
    write(
        project,
        "src/com/acme/jobs/Helper.java",
        """
        package com.acme.jobs;

        class Helper {
          void work() {
            undefinedInABodyNobodyAnalyzes();
          }
        }
        """);

    Cli.Run run = run(project, JOB_PATH);

    assertThat(run.err()).isEmpty();
    assertThat(run.out()).endsWith("deferlint: 1 file, 1 finding (DeferEagerArgument: 1)\n");
  }

  @Test
  void moduleDescriptorOfASourceRootIsIgnored() {
    write(project, JOB_PATH, JOB);
    write(project, "src/module-info.java", "module com.acme { requires com.acme.missing; }\n");

    Cli.Run run = run(project, "src");

    assertThat(run.err()).isEmpty();
    assertThat(run.out()).endsWith("deferlint: 1 file, 1 finding (DeferEagerArgument: 1)\n");
  }

  @Test
  void helpDocumentsTheExitStatuses() {
    Cli.Run run = run(project, "--help");

    assertThat(run.status()).isEqualTo(Main.CLEAN);
    assertThat(run.out()).contains("Exit status:");
    assertThat(run.out()).contains("  2   bad usage or input");
  }

  @Test
  void versionNamesTheRunnerAndErrorProne() {
    Cli.Run run = run(project, "--version");

    assertThat(run.out()).matches("deferlint \\S+ \\(Error Prone 2\\.\\d+\\.\\d+\\)\n");
  }
}
