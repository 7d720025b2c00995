package io.github.deferlint.cli;

/**
 * The report as GitHub Actions workflow commands: one {@code ::warning file=..,line=..::message}
 * line per finding ({@code ::error}, {@code ::notice} by severity), which the runner turns into an
 * annotation on the file and line. Property values escape {@code %}, CR, LF, {@code :} and {@code
 * ,}, the message {@code %}, CR and LF, as the runner unescapes them (actions/runner's {@code
 * ActionCommand}).
 */
final class GithubReport {
  private GithubReport() {}

  static String render(Report report) {
    StringBuilder commands = new StringBuilder();
    for (Finding finding : report.findings()) {
      commands
          .append("::")
          .append(command(finding.severity()))
          .append(" file=")
          .append(property(finding.displayPath()))
          .append(",line=")
          .append(finding.line())
          .append(",endLine=")
          .append(finding.endLine())
          .append(",col=")
          .append(finding.column())
          .append(",endColumn=")
          .append(finding.endColumn())
          .append(",title=")
          .append(property("deferlint " + finding.check()))
          .append("::")
          .append(data(finding.message()))
          .append('\n');
    }
    return commands.toString();
  }

  private static String command(Severity severity) {
    return switch (severity) {
      case ERROR -> "error";
      case WARNING -> "warning";
      case NOTE -> "notice";
    };
  }

  /** A message: {@code %} first, so that the escapes it makes are not escaped again. */
  static String data(String text) {
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** A property's value, which must not hold the {@code :} and {@code ,} that end it. */
  static String property(String text) {
    return data(text).replace(":", "%3A").replace(",", "%2C");
  }
}
