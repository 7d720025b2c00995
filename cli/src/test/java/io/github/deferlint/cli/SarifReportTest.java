package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static io.github.deferlint.cli.Cli.JOB;
import static io.github.deferlint.cli.Cli.JOB_PATH;
import static io.github.deferlint.cli.Cli.run;
import static io.github.deferlint.cli.Cli.write;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** SARIF 2.1.0 as code scanning reads it, checked against the official schema. */
final class SarifReportTest {
  private static Schema sarifSchema;

  @TempDir Path project;

  @BeforeAll
  static void loadSchema() throws Exception {
    try (InputStream schema =
        SarifReportTest.class.getResourceAsStream("sarif-schema-2.1.0.json")) {
      sarifSchema =
          SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schema);
    }
  }

  @Test
  void reportWithFindingsIsValidSarif() {
    write(project, JOB_PATH, JOB);

    JsonNode sarif = sarif(run(project, "--format", "sarif", "src"));

    assertThat(validate(sarif)).isEmpty();
  }

  @Test
  void reportWithoutFindingsIsValidSarif() {
    write(project, Cli.CLEAN_JOB_PATH, Cli.CLEAN_JOB);

    JsonNode sarif = sarif(run(project, "--format", "sarif", "src"));

    assertThat(validate(sarif)).isEmpty();
    assertThat(sarif.at("/runs/0/results").size()).isEqualTo(0);
  }

  @Test
  void schemaRejectsWhatCodeScanningWouldReject() {
    write(project, JOB_PATH, JOB);
    JsonNode sarif = sarif(run(project, "--format", "sarif", "src"));

    ((tools.jackson.databind.node.ObjectNode) sarif.at("/runs/0/results/0/locations/0"))
        .putObject("physicalLocation")
        .putObject("region")
        .put("startLine", 0);

    assertThat(validate(sarif)).isNotEmpty();
  }

  @Test
  void rulesCarryTheChecksSummaryLinkAndLevel() {
    write(project, JOB_PATH, JOB);

    JsonNode driver = sarif(run(project, "--format", "sarif", "src")).at("/runs/0/tool/driver");

    assertThat(driver.path("name").asString()).isEqualTo("deferlint");
    assertThat(driver.path("version").asString()).isEqualTo(Version.RUNNER);
    assertThat(driver.path("informationUri").asString()).startsWith("https://");
    JsonNode rule = ruleNamed(driver, "DeferEagerArgument");
    assertThat(rule.at("/shortDescription/text").asString())
        .startsWith("A deferred call's argument or receiver is evaluated at registration");
    assertThat(rule.path("helpUri").asString())
        .isEqualTo(
            "https://github.com/deferlint/deferlint/blob/main/docs/checks/DeferEagerArgument.md");
    assertThat(rule.at("/help/text").asString()).contains(rule.path("helpUri").asString());
    assertThat(rule.at("/defaultConfiguration/level").asString()).isEqualTo("warning");
  }

  @Test
  void ruleHelpIsTheChecksPageWhenTheRunnerBundlesIt() {
    write(project, JOB_PATH, JOB);

    JsonNode rule =
        ruleNamed(
            sarif(run(project, "--format", "sarif", "src")).at("/runs/0/tool/driver"),
            "DeferEagerArgument");

    assertThat(rule.at("/help/markdown").asString(null))
        .isEqualTo(Checks.page("DeferEagerArgument").orElse(null));
  }

  @Test
  void resultsPointAtTheExactRegionRelativeToTheSourceRoot() {
    write(project, JOB_PATH, JOB);

    JsonNode run = sarif(run(project, "--format", "sarif", "src")).at("/runs/0");
    JsonNode result = run.at("/results/0");

    assertThat(run.at("/results").size()).isEqualTo(1);
    assertThat(result.path("ruleId").asString()).isEqualTo("DeferEagerArgument");
    assertThat(run.at("/tool/driver/rules/" + result.path("ruleIndex").asInt() + "/id").asString())
        .isEqualTo("DeferEagerArgument");
    assertThat(result.path("level").asString()).isEqualTo("warning");
    assertThat(result.at("/message/text").asString()).startsWith("`attempts` is evaluated now");
    JsonNode location = result.at("/locations/0/physicalLocation");
    assertThat(location.at("/artifactLocation/uri").asString()).isEqualTo(JOB_PATH);
    assertThat(location.at("/artifactLocation/uriBaseId").asString()).isEqualTo("%SRCROOT%");
    assertThat(run.at("/originalUriBaseIds/%SRCROOT%/uri").asString())
        .isEqualTo(project.toUri().toString());
    JsonNode region = location.path("region");
    assertThat(
            List.of(
                region.path("startLine").asInt(),
                region.path("startColumn").asInt(),
                region.path("endLine").asInt(),
                region.path("endColumn").asInt()))
        .containsExactly(11, 29, 11, 37)
        .inOrder();
    assertThat(
            result
                .at("/partialFingerprints/" + SarifReport.FINGERPRINT.replace("/", "~1"))
                .asString())
        .hasLength(16);
  }

  @Test
  void levelFollowsCheckOverrides() {
    write(project, JOB_PATH, JOB);

    JsonNode sarif =
        sarif(run(project, "--format", "sarif", "--check", "DeferEagerArgument:ERROR", "src"));

    assertThat(sarif.at("/runs/0/results/0/level").asString()).isEqualTo("error");
    assertThat(validate(sarif)).isEmpty();
  }

  @Test
  void sarifGoesToTheOutputFile() {
    write(project, JOB_PATH, JOB);

    Cli.Run run = run(project, "--format", "sarif", "--output", "deferlint.sarif", "src");

    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("deferlint: 1 file, 1 finding (DeferEagerArgument: 1)\n");
    assertThat(validate(Json.MAPPER.readTree(project.resolve("deferlint.sarif")))).isEmpty();
    assertThat(run.status()).isEqualTo(Main.FINDINGS);
  }

  private static JsonNode sarif(Cli.Run run) {
    assertThat(run.err()).doesNotContain("error");
    return Json.MAPPER.readTree(run.out());
  }

  private static List<Error> validate(JsonNode sarif) {
    return sarifSchema.validate(
        sarif, context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
  }

  private static JsonNode ruleNamed(JsonNode driver, String id) {
    return driver.path("rules").values().stream()
        .filter(rule -> rule.path("id").asString().equals(id))
        .findFirst()
        .orElseThrow();
  }
}
