package io.github.deferlint.cli;

import com.google.errorprone.BugCheckerInfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The report as SARIF 2.1.0, the format GitHub code scanning and other review UIs upload: one rule
 * per check (summary, documentation link and page, default level) and one result per finding, its
 * file relative to {@code %SRCROOT%} (the working directory) and its exact region.
 */
final class SarifReport {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String SOURCE_ROOT = "%SRCROOT%";
  static final String FINGERPRINT = "deferlintLineHash/v1";
  static final String INFORMATION_URI = "https://github.com/deferlint/deferlint";

  private SarifReport() {}

  static String render(Report report, Path workingDirectory) {
    Map<String, BugCheckerInfo> rules = new LinkedHashMap<>();
    report.enabledChecks().forEach(check -> rules.put(check.canonicalName(), check));
    List<String> ruleIds = new ArrayList<>(rules.keySet());

    ObjectNode root = Json.object();
    root.put("$schema", SCHEMA).put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver =
        run.putObject("tool")
            .putObject("driver")
            .put("name", "deferlint")
            .put("version", Version.RUNNER)
            .put("informationUri", INFORMATION_URI);
    ArrayNode ruleNodes = driver.putArray("rules");
    rules.values().forEach(check -> rule(ruleNodes.addObject(), check));
    run.putObject("originalUriBaseIds")
        .putObject(SOURCE_ROOT)
        .put("uri", workingDirectory.toUri().toString());
    run.put("columnKind", "utf16CodeUnits");

    ArrayNode results = run.putArray("results");
    for (Finding finding : report.findings()) {
      ObjectNode result =
          results
              .addObject()
              .put("ruleId", finding.check())
              .put("ruleIndex", ruleIds.indexOf(finding.check()))
              .put("level", finding.severity().label());
      result.putObject("message").put("text", finding.message());
      ObjectNode physicalLocation =
          result.putArray("locations").addObject().putObject("physicalLocation");
      artifactLocation(physicalLocation.putObject("artifactLocation"), finding, workingDirectory);
      physicalLocation
          .putObject("region")
          .put("startLine", finding.line())
          .put("startColumn", finding.column())
          .put("endLine", finding.endLine())
          .put("endColumn", finding.endColumn());
      result.putObject("partialFingerprints").put(FINGERPRINT, finding.fingerprint());
    }
    return Json.write(root);
  }

  private static void rule(ObjectNode rule, BugCheckerInfo check) {
    rule.put("id", check.canonicalName()).put("name", check.canonicalName());
    rule.putObject("shortDescription").put("text", check.message());
    String link = check.linkUrl();
    if (link != null) {
      rule.put("helpUri", link);
    }
    String summary = check.message().endsWith(".") ? check.message() : check.message() + ".";
    ObjectNode help =
        rule.putObject("help").put("text", link == null ? summary : summary + " Details: " + link);
    Checks.page(check.canonicalName()).ifPresent(page -> help.put("markdown", page));
    rule.putObject("defaultConfiguration")
        .put("level", Severity.of(check.defaultSeverity()).label());
  }

  private static void artifactLocation(
      ObjectNode location, Finding finding, Path workingDirectory) {
    if (finding.file().startsWith(workingDirectory)) {
      location.put("uri", relativeUri(workingDirectory.relativize(finding.file())));
      location.put("uriBaseId", SOURCE_ROOT);
    } else {
      location.put("uri", finding.file().toUri().toString());
    }
  }

  private static String relativeUri(Path relative) {
    StringBuilder path = new StringBuilder();
    for (Path name : relative) {
      if (!path.isEmpty()) {
        path.append('/');
      }
      path.append(name);
    }
    try {
      return new URI(null, null, path.toString(), null).getRawPath();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot make a URI of " + relative, e);
    }
  }
}
