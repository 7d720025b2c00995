package io.github.deferlint.checks;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.errorprone.BugPattern;
import com.google.errorprone.bugpatterns.BugChecker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each check's page opens with its {@code @BugPattern} metadata, word for word, and its link points
 * at that page: the metadata is the source, the page cannot drift from it.
 */
final class CheckPagesTest {
  private static final Path CHECK_PAGES = Paths.get("..", "docs", "checks");

  static Stream<Class<? extends BugChecker>> checks() {
    return DeferlintChecks.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checks")
  void pageOpensWithTheMetadata(Class<? extends BugChecker> check) throws IOException {
    String name = check.getSimpleName();
    BugPattern pattern = check.getAnnotation(BugPattern.class);
    Path page = CHECK_PAGES.resolve(name + ".md");
    assertWithMessage("%s has a page", name).that(Files.exists(page)).isTrue();

    List<String> lines = Files.readAllLines(page);
    assertWithMessage("%s page header", name)
        .that(lines.subList(0, Math.min(5, lines.size())))
        .containsExactly(
            "# " + name,
            "",
            "> " + pattern.summary(),
            "",
            String.format(
                "Severity: %s · Suppress: @SuppressWarnings(\"%s\") · Disable: -Xep:%s:OFF",
                pattern.severity(), name, name))
        .inOrder();
    assertWithMessage("%s link", name)
        .that(pattern.link())
        .endsWith("/docs/checks/" + name + ".md");
    assertWithMessage("%s link type", name)
        .that(pattern.linkType())
        .isEqualTo(BugPattern.LinkType.CUSTOM);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("checks")
  void hasTestInputs(Class<? extends BugChecker> check) {
    Path inputs = Paths.get("..", "test-inputs", check.getSimpleName());
    assertWithMessage("%s has test inputs", check.getSimpleName())
        .that(Files.isDirectory(inputs))
        .isTrue();
  }
}
