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

/** The JSON report: one object per finding, with its region, and a summary. */
final class JsonReportTest {
  @TempDir Path project;

  @Test
  void findingsCarryTheirRegionCheckAndMessage() {
    write(project, JOB_PATH, JOB);
    write(project, Cli.CLEAN_JOB_PATH, Cli.CLEAN_JOB);

    Cli.Run run = run(project, "--format", "json", "src");
    JsonNode report = Json.MAPPER.readTree(run.out());

    assertThat(run.status()).isEqualTo(Main.FINDINGS);
    assertThat(run.err()).isEqualTo("deferlint: 2 files, 1 finding (DeferEagerArgument: 1)\n");
    assertThat(report.at("/tool/name").asString()).isEqualTo("deferlint");
    assertThat(report.at("/tool/errorProneVersion").asString()).isEqualTo(Version.ERROR_PRONE);
    assertThat(report.path("files").asInt()).isEqualTo(2);
    assertThat(report.path("findings").size()).isEqualTo(1);
    JsonNode finding = report.at("/findings/0");
    assertThat(finding.path("file").asString()).isEqualTo(JOB_PATH);
    assertThat(finding.path("line").asInt()).isEqualTo(11);
    assertThat(finding.path("column").asInt()).isEqualTo(29);
    assertThat(finding.path("endLine").asInt()).isEqualTo(11);
    assertThat(finding.path("endColumn").asInt()).isEqualTo(37);
    assertThat(finding.path("severity").asString()).isEqualTo("warning");
    assertThat(finding.path("check").asString()).isEqualTo("DeferEagerArgument");
    assertThat(finding.path("message").asString()).startsWith("`attempts` is evaluated now");
    assertThat(finding.path("link").asString()).endsWith("/docs/checks/DeferEagerArgument.md");
    assertThat(finding.path("source").asString())
        .isEqualTo("      scope.defer(Job::log, attempts);");
    assertThat(finding.path("fingerprint").asString())
        .isEqualTo(Baseline.fingerprint("scope.defer(Job::log, attempts);"));
    assertThat(report.at("/summary/findings").asInt()).isEqualTo(1);
    assertThat(report.at("/summary/byCheck/DeferEagerArgument").asInt()).isEqualTo(1);
    assertThat(report.at("/summary/knownInBaseline").asInt()).isEqualTo(0);
  }

  @Test
  void quietJsonHasNoSummaryOnStderr() {
    write(project, JOB_PATH, JOB);

    Cli.Run run = run(project, "--format", "json", "--quiet", "src");

    assertThat(run.err()).isEmpty();
    assertThat(Json.MAPPER.readTree(run.out()).path("findings").size()).isEqualTo(1);
  }
}
