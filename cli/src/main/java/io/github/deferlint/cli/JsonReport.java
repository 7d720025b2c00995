package io.github.deferlint.cli;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The report as JSON, for scripts: one object per finding with its exact region. */
final class JsonReport {
  private JsonReport() {}

  static String render(Report report) {
    ObjectNode root = Json.object();
    root.putObject("tool")
        .put("name", "deferlint")
        .put("version", Version.RUNNER)
        .put("errorProneVersion", Version.ERROR_PRONE);
    root.put("files", report.files());
    ArrayNode findings = root.putArray("findings");
    for (Finding finding : report.findings()) {
      ObjectNode node =
          findings
              .addObject()
              .put("file", finding.displayPath())
              .put("line", finding.line())
              .put("column", finding.column())
              .put("endLine", finding.endLine())
              .put("endColumn", finding.endColumn())
              .put("severity", finding.severity().label())
              .put("check", finding.check())
              .put("message", finding.message());
      if (finding.link() != null) {
        node.put("link", finding.link());
      }
      node.put("fixable", finding.fixable())
          .put("fingerprint", finding.fingerprint())
          .put("source", finding.sourceLine());
    }
    ObjectNode summary = root.putObject("summary");
    summary.put("findings", report.findings().size());
    ObjectNode byCheck = summary.putObject("byCheck");
    report.countsByCheck().forEach(byCheck::put);
    summary.put("knownInBaseline", report.known());
    return Json.write(root);
  }
}
