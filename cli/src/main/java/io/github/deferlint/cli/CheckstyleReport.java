package io.github.deferlint.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as Checkstyle's XML, which reviewdog, Jenkins (warnings-ng) and the converters to
 * GitLab code quality read: one {@code <file name="...">} per file with findings, in the report's
 * order, holding one {@code <error line column severity message source>} per finding. Severities
 * are Checkstyle's: {@code error}, {@code warning}, {@code info}.
 */
final class CheckstyleReport {
  /** The format version that ESLint's and other tools' Checkstyle output declare. */
  static final String VERSION = "4.3";

  private CheckstyleReport() {}

  static String render(Report report) {
    Map<String, List<Finding>> byFile = new LinkedHashMap<>();
    for (Finding finding : report.findings()) {
      byFile.computeIfAbsent(finding.displayPath(), file -> new ArrayList<>()).add(finding);
    }
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.append("<checkstyle version=\"").append(VERSION).append("\">\n");
    byFile.forEach(
        (file, findings) -> {
          xml.append("  <file name=\"").append(attribute(file)).append("\">\n");
          for (Finding finding : findings) {
            xml.append("    <error line=\"")
                .append(finding.line())
                .append("\" column=\"")
                .append(finding.column())
                .append("\" severity=\"")
                .append(severity(finding.severity()))
                .append("\" message=\"")
                .append(attribute(finding.message()))
                .append("\" source=\"")
                .append(attribute("deferlint." + finding.check()))
                .append("\"/>\n");
          }
          xml.append("  </file>\n");
        });
    return xml.append("</checkstyle>\n").toString();
  }

  private static String severity(Severity severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case NOTE -> "info";
    };
  }

  /**
   * Text as an XML 1.0 attribute value that parses back to itself: markup characters as entities,
   * tab and line breaks as character references (a parser would turn them into spaces), and what
   * XML 1.0 cannot hold at all (other control characters, lone surrogates) as U+FFFD.
   */
  static String attribute(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\t' -> escaped.append("&#9;");
        case '\n' -> escaped.append("&#10;");
        case '\r' -> escaped.append("&#13;");
        default -> {
          if (Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            escaped.append(c).append(text.charAt(++i));
          } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
            escaped.append('\uFFFD');
          } else {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }
}
