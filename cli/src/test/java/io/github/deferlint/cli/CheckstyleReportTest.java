package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static io.github.deferlint.cli.Cli.JOB;
import static io.github.deferlint.cli.Cli.JOB_PATH;
import static io.github.deferlint.cli.Cli.run;
import static io.github.deferlint.cli.Cli.write;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code --format checkstyle}, read by an XML parser as reviewdog and Jenkins read Checkstyle's
 * output: {@code checkstyle/file[@name]/error[@line @column @severity @message @source]}.
 */
final class CheckstyleReportTest {
  @TempDir Path project;

  @Test
  void oneFileElementPerFileWithItsErrors() throws Exception {
    write(project, JOB_PATH, JOB);
    write(
        project,
        "src/com/acme/jobs/Twice.java",
        JOB.replace("class Job", "class Twice")
            .replace("Job::log", "Twice::log")
            .replace(
                "      attempts = 2;\n",
                "      attempts = 2;\n      scope.defer(Twice::log, attempts);\n      attempts = 3;\n"));
    write(project, Cli.CLEAN_JOB_PATH, Cli.CLEAN_JOB);

    Cli.Run run = run(project, "--format", "checkstyle", "src");

    assertThat(run.status()).isEqualTo(Main.FINDINGS);
    assertThat(run.err()).isEqualTo("deferlint: 3 files, 3 findings (DeferEagerArgument: 3)\n");
    Element root = parse(run.out()).getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("checkstyle");
    assertThat(root.getAttribute("version")).isNotEmpty();
    Map<String, List<Element>> errorsByFile = new TreeMap<>();
    NodeList files = root.getElementsByTagName("file");
    for (int i = 0; i < files.getLength(); i++) {
      Element file = (Element) files.item(i);
      assertThat(errorsByFile).doesNotContainKey(file.getAttribute("name"));
      errorsByFile.put(file.getAttribute("name"), children(file, "error"));
    }
    assertThat(errorsByFile.keySet()).containsExactly(JOB_PATH, "src/com/acme/jobs/Twice.java");
    assertThat(errorsByFile.get("src/com/acme/jobs/Twice.java")).hasSize(2);
    Element error = errorsByFile.get(JOB_PATH).get(0);
    assertThat(error.getAttribute("line")).isEqualTo("11");
    assertThat(error.getAttribute("column")).isEqualTo("29");
    assertThat(error.getAttribute("severity")).isEqualTo("warning");
    assertThat(error.getAttribute("source")).isEqualTo("deferlint.DeferEagerArgument");
    assertThat(error.getAttribute("message")).startsWith("`attempts` is evaluated now");
  }

  @Test
  void noFindingsIsAnEmptyReport() throws Exception {
    write(project, Cli.CLEAN_JOB_PATH, Cli.CLEAN_JOB);

    Element root = parse(run(project, "--format", "checkstyle", "src").out()).getDocumentElement();

    assertThat(root.getTagName()).isEqualTo("checkstyle");
    assertThat(root.getElementsByTagName("file").getLength()).isEqualTo(0);
  }

  @Test
  void attributesParseBackToTheirText() throws Exception {
    String message = "a <b> & \"c\" 'd'\tand\nlines\r, \u0001 and \uD83D\uDE00 and \uD800 lone";
    Finding finding =
        new Finding(
            project.resolve("A.java"),
            "dir & <x>/A.java",
            "Check",
            Severity.NOTE,
            message,
            null,
            1,
            2,
            1,
            3,
            "",
            false);

    Document report = parse(CheckstyleReport.render(new Report(List.of(finding), 1, 0, List.of())));

    Element file = (Element) report.getElementsByTagName("file").item(0);
    Element error = children(file, "error").get(0);
    assertThat(file.getAttribute("name")).isEqualTo("dir & <x>/A.java");
    assertThat(error.getAttribute("severity")).isEqualTo("info");
    assertThat(error.getAttribute("message"))
        .isEqualTo(message.replace('\u0001', '\uFFFD').replace('\uD800', '\uFFFD'));
  }

  private static Document parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(UTF_8)));
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> children = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element child) {
        assertThat(child.getTagName()).isEqualTo(tag);
        children.add(child);
      }
    }
    return children;
  }
}
