package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static io.github.deferlint.cli.Cli.JOB;
import static io.github.deferlint.cli.Cli.JOB_PATH;
import static io.github.deferlint.cli.Cli.run;
import static io.github.deferlint.cli.Cli.write;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Known findings are ignored, by line text rather than line number; new ones still fail. */
final class BaselineTest {
  @TempDir Path project;

  @Test
  void roundTrip() {
    write(project, JOB_PATH, JOB);

    Cli.Run written = run(project, "--write-baseline", "deferlint-baseline.json", "src");
    Cli.Run rerun = run(project, "--baseline", "deferlint-baseline.json", "src");

    assertThat(written.status()).isEqualTo(Main.CLEAN);
    assertThat(written.out()).contains("[DeferEagerArgument]");
    assertThat(written.err())
        .isEqualTo("deferlint: wrote 1 finding to the baseline deferlint-baseline.json\n");
    JsonNode baseline = Json.MAPPER.readTree(project.resolve("deferlint-baseline.json"));
    assertThat(baseline.at("/findings/0/file").asString()).isEqualTo(JOB_PATH);
    assertThat(baseline.at("/findings/0/check").asString()).isEqualTo("DeferEagerArgument");
    assertThat(baseline.at("/findings/0/source").asString())
        .isEqualTo("scope.defer(Job::log, attempts);");
    assertThat(rerun.status()).isEqualTo(Main.CLEAN);
    assertThat(rerun.out())
        .isEqualTo("deferlint: 1 file, no new findings, 1 known finding in the baseline\n");
  }

  @Test
  void unrelatedEditsKeepKnownFindingsKnown() {
    write(project, JOB_PATH, JOB);
    run(project, "--write-baseline", "baseline.json", "src");

    write(
        project,
        JOB_PATH,
        JOB.replace("public class Job {", "/** Runs jobs. */\n\npublic class Job {")
            .replace("scope.defer(Job::log, attempts);", "scope.defer(Job::log,   attempts);"));
    Cli.Run run = run(project, "--baseline", "baseline.json", "src");

    assertThat(run.status()).isEqualTo(Main.CLEAN);
    assertThat(run.out()).contains("1 known finding in the baseline");
  }

  @Test
  void newFindingsAreReportedAndFail() {
    write(project, JOB_PATH, JOB);
    run(project, "--write-baseline", "baseline.json", "src");

    write(
        project,
        JOB_PATH,
        JOB.replace(
            "      attempts = 2;\n",
            "      attempts = 2;\n"
                + "      scope.defer(Job::log, attempts + 1);\n"
                + "      attempts = 3;\n"));
    Cli.Run run = run(project, "--baseline", "baseline.json", "src");

    assertThat(run.status()).isEqualTo(Main.FINDINGS);
    assertThat(run.out().lines().filter(line -> line.contains("[DeferEagerArgument]")).toList())
        .hasSize(1);
    assertThat(run.out()).contains("Job.java:13:29: warning: [DeferEagerArgument]");
    assertThat(run.out())
        .endsWith(
            "deferlint: 1 file, 1 new finding (DeferEagerArgument: 1), 1 known finding in the"
                + " baseline\n");
  }

  @Test
  void aLineListedOnceCoversOneFinding() {
    String twice =
        JOB.replace(
            "      attempts = 2;\n",
            "      attempts = 2;\n      scope.defer(Job::log, attempts);\n      attempts = 3;\n");
    write(project, JOB_PATH, JOB);
    run(project, "--write-baseline", "baseline.json", "src");
    write(project, JOB_PATH, twice);

    Cli.Run run = run(project, "--baseline", "baseline.json", "src");

    assertThat(run.status()).isEqualTo(Main.FINDINGS);
    assertThat(run.out()).contains("1 new finding (DeferEagerArgument: 1), 1 known finding");
  }

  @Test
  void fingerprintIgnoresWhitespaceOnly() {
    assertThat(Baseline.fingerprint("  scope.defer(f, a);"))
        .isEqualTo(Baseline.fingerprint("scope.defer( f,a );\t"));
    assertThat(Baseline.fingerprint("scope.defer(f, a);"))
        .isNotEqualTo(Baseline.fingerprint("scope.defer(f, b);"));
  }
}
