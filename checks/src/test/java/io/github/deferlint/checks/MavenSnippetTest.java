package io.github.deferlint.checks;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Maven snippet users copy from docs/integration/maven.md is the text the example project is
 * built with (by the invoker, in the same build), so the page cannot drift from a working build.
 */
final class MavenSnippetTest {
  private static final Path PAGE = Paths.get("..", "docs", "integration", "maven.md");
  private static final Path EXAMPLE_POM = Paths.get("..", "examples", "pom.xml");

  @Test
  void pageSnippetIsTheExampleBuildsCompilerPlugin() throws IOException {
    Matcher page =
        Pattern.compile("(?s)<!-- snippet: examples/pom.xml -->\\n```xml\\n(.*?)```")
            .matcher(Files.readString(PAGE));
    Matcher pom =
        Pattern.compile("(?s)<!-- deferlint:begin -->\\n(.*?)\\n\\s*<!-- deferlint:end -->")
            .matcher(Files.readString(EXAMPLE_POM));
    assertWithMessage("snippet on %s", PAGE).that(page.find()).isTrue();
    assertWithMessage("deferlint markers in %s", EXAMPLE_POM).that(pom.find()).isTrue();

    assertWithMessage("the page's snippet, against examples/pom.xml")
        .that(normalized(page.group(1)))
        .isEqualTo(normalized(pom.group(1)));
  }

  @Test
  void exampleUsesTheVersionBeingBuilt() throws IOException {
    String pom = Files.readString(EXAMPLE_POM);
    String version = System.getProperty("deferlint.version");
    assertWithMessage("deferlint.version, set by the build").that(version).isNotNull();
    assertWithMessage("examples/pom.xml deferlint.version")
        .that(pom)
        .contains("<deferlint.version>" + version + "</deferlint.version>");
    assertWithMessage("docs/integration/maven.md deferlint.version")
        .that(Files.readString(PAGE))
        .contains("<deferlint.version>" + version + "</deferlint.version>");
  }

  private static String normalized(String xml) {
    return xml.strip().replaceAll("\\s*\\n\\s*", "\n");
  }
}
