package io.github.deferlint.checks;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.scanner.ScannerSupplier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compiles every {@code ```java} block of the docs (and of README.md) and checks it produces what
 * the page claims: a line under {@code // BUG: Diagnostic contains: <text>} gets that finding, no
 * other line any. A block on {@code docs/checks/Name.md} runs with check Name alone, elsewhere with
 * every check. (docs/api.md is compiled by the api module's own test, against the runtime alone.)
 */
final class DocsExamplesTest {
  private static final Path DOCS = Paths.get("..", "docs");
  private static final Path README = Paths.get("..", "README.md");
  private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```");
  private static final Pattern FLAGS_LINE = Pattern.compile("// Flags: (.*)\n");
  static final Pattern TOP_LEVEL_TYPE =
      Pattern.compile("(?m)^(?:public |final |abstract )*(?:class|interface|record|enum) (\\w+)");

  record Example(Path page, int number, String code) {
    @Override
    public String toString() {
      return page.normalize() + " #" + number;
    }
  }

  static Stream<Example> examples() throws IOException {
    List<Example> examples = new ArrayList<>();
    try (Stream<Path> docs = Files.walk(DOCS)) {
      List<Path> pages =
          Stream.concat(Stream.of(README), docs.filter(p -> p.toString().endsWith(".md")).sorted())
              .toList();
      for (Path page : pages) {
        if (page.getFileName().toString().equals("api.md")) {
          continue;
        }
        Matcher block = JAVA_BLOCK.matcher(Files.readString(page));
        for (int number = 1; block.find(); number++) {
          examples.add(new Example(page, number, block.group(1)));
        }
      }
    }
    assertWithMessage("java examples under %s", DOCS).that(examples).isNotEmpty();
    return examples.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void compilesAndFindsWhatThePageClaims(Example example) {
    Matcher type = TOP_LEVEL_TYPE.matcher(example.code());
    assertWithMessage("%s declares a top-level type", example).that(type.find()).isTrue();
    CompilationTestHelper.newInstance(scannerFor(example.page()), getClass())
        .setArgs(argsFor(example))
        .addSourceLines(type.group(1) + ".java", example.code().split("\n", -1))
        .doTest();
  }

  /**
   * The flags of a variant's page (Error Prone's check off, the variant on, as the page tells), and
   * those the block names.
   */
  private static List<String> argsFor(Example example) {
    String pageName = example.page().getFileName().toString().replaceFirst("\\.md$", "");
    List<String> args = new java.util.ArrayList<>();
    DeferlintChecks.all().stream()
        .filter(check -> check.getSimpleName().equals(pageName))
        .forEach(check -> args.addAll(DeferlintChecks.switchedOn(check)));
    args.addAll(flagsOf(example.code()));
    return args;
  }

  /** The flags a block names on its first line, {@code // Flags: -XepOpt:... -XepOpt:...}. */
  private static List<String> flagsOf(String code) {
    Matcher flags = FLAGS_LINE.matcher(code);
    return flags.lookingAt() ? List.of(flags.group(1).trim().split("\\s+")) : List.of();
  }

  private static ScannerSupplier scannerFor(Path page) {
    String pageName = page.getFileName().toString().replaceFirst("\\.md$", "");
    boolean checkPage = page.getParent().getFileName().toString().equals("checks");
    return DeferlintChecks.all().stream()
        .filter(check -> !checkPage || check.getSimpleName().equals(pageName))
        .collect(
            java.util.stream.Collectors.collectingAndThen(
                com.google.common.collect.ImmutableList.toImmutableList(),
                ScannerSupplier::fromBugCheckerClasses));
  }
}
