package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static io.github.deferlint.cli.Cli.JOB;
import static io.github.deferlint.cli.Cli.JOB_PATH;
import static io.github.deferlint.cli.Cli.run;
import static io.github.deferlint.cli.Cli.write;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --format github}, read the way the GitHub Actions runner reads workflow commands: {@link
 * #parse} follows actions/runner's {@code ActionCommand.TryParseV2} and its unescaping.
 */
final class GithubReportTest {
  @TempDir Path project;

  /** A workflow command as the runner sees it. */
  record Command(String name, Map<String, String> properties, String data) {}

  @Test
  void eachFindingIsAnAnnotationOnItsFileAndRegion() {
    write(project, JOB_PATH, JOB);

    Cli.Run run = run(project, "--format", "github", "src");

    assertThat(run.status()).isEqualTo(Main.FINDINGS);
    assertThat(run.err()).isEqualTo("deferlint: 1 file, 1 finding (DeferEagerArgument: 1)\n");
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(1);
    Command command = parse(lines.get(0));
    assertThat(command.name()).isEqualTo("warning");
    assertThat(command.properties())
        .containsExactly(
            "file", JOB_PATH,
            "line", "11",
            "endLine", "11",
            "col", "29",
            "endColumn", "37",
            "title", "deferlint DeferEagerArgument");
    assertThat(command.data()).startsWith("`attempts` is evaluated now, at registration:");
  }

  @Test
  void levelsAreTheRunnersCommands() {
    write(project, JOB_PATH, JOB);

    Command asError =
        parse(
            run(project, "--format", "github", "--check", "DeferEagerArgument:ERROR", "src").out());

    assertThat(asError.name()).isEqualTo("error");
  }

  @Test
  void pathsWithTheRunnersSeparatorsSurviveTheTrip() {
    String odd = "odd,dir:1/Job.java";
    write(project, odd, JOB.replace("package com.acme.jobs;\n", ""));

    Command command = parse(run(project, "--format", "github", odd).out());

    assertThat(command.properties()).containsEntry("file", odd);
    assertThat(command.properties()).containsEntry("line", "10");
  }

  @Test
  void messagesAndPropertiesAreEscapedAsTheRunnerUnescapes() {
    String text = "100% sure: a, b\r\nc %0A d %25";
    Finding finding =
        new Finding(
            project.resolve("A.java"),
            "a,b:c %25/A.java",
            "Check",
            Severity.NOTE,
            text,
            null,
            1,
            2,
            1,
            3,
            "",
            false);

    String rendered = GithubReport.render(new Report(List.of(finding), 1, 0, List.of()));

    assertThat(rendered.lines().count()).isEqualTo(1);
    Command command = parse(rendered.strip());
    assertThat(command.name()).isEqualTo("notice");
    assertThat(command.data()).isEqualTo(text);
    assertThat(command.properties()).containsEntry("file", "a,b:c %25/A.java");
    assertThat(command.properties()).containsEntry("line", "1");
  }

  /** actions/runner's TryParseV2: {@code ::name key=value,key=value::data}, after trimming. */
  private static Command parse(String line) {
    String message = line.stripLeading();
    assertThat(message).startsWith("::");
    int end = message.indexOf("::", 2);
    assertThat(end).isGreaterThan(0);
    String info = message.substring(2, end);
    int space = info.indexOf(' ');
    String name = space < 0 ? info : info.substring(0, space);
    assertThat(Set.of("error", "warning", "notice")).contains(name);
    Map<String, String> properties = new LinkedHashMap<>();
    if (space > 0) {
      for (String property : info.substring(space + 1).strip().split(",")) {
        if (property.isEmpty()) {
          continue;
        }
        String[] pair = property.split("=", 2);
        if (pair.length == 2 && !pair[1].isEmpty()) {
          properties.put(pair[0], unescapeProperty(pair[1]));
        }
      }
    }
    return new Command(name, properties, unescapeData(message.substring(end + 2)));
  }

  /** The runner's order of replacements: CR, LF, then {@code %}. */
  private static String unescapeData(String text) {
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%");
  }

  private static String unescapeProperty(String text) {
    return text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%");
  }
}
