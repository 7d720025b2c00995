package io.github.deferlint.defer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java examples of docs/api.md, compiled with the tests and run.
 *
 * <p>Each example is a region of this file between a {@code // example: NAME} line and a {@code //
 * end example} line. The guide shows it in a {@code ```java} block right after an {@code <!--
 * example: NAME -->} line. {@link #theGuideShowsExactlyTheExamplesOfThisFile} checks that both
 * texts are the same up to indentation, that every Java block of the guide is marked, and that
 * every region is shown; the other tests run the regions and check what the guide says they do.
 * Comparing text, rather than compiling the Markdown with javax.tools, keeps the examples ordinary
 * code that the build and the IDE compile, refactor and report errors in.
 *
 * <p>The regions keep the compact lambda layout the guide shows; an edit to one is an edit to the
 * guide, and this test says which example to copy where.
 */
class ApiGuideExamplesTest {

  private static final Path GUIDE = Paths.get("../docs/api.md");
  private static final Path THIS_FILE =
      Paths.get("src/test/java/io/github/deferlint/defer/ApiGuideExamplesTest.java");

  private static final Pattern GUIDE_MARKER = Pattern.compile("<!-- example: (\\S+) -->");
  private static final Pattern REGION_START = Pattern.compile("\\s*// example: (\\S+)");
  private static final Pattern REGION_END = Pattern.compile("\\s*// end example");

  // spotless:off (examples keep the layout docs/api.md shows)
  // example: copy
  static void copy(Path from, Path to) throws IOException {
    Defer.run(scope -> {
      InputStream in = scope.closing(Files.newInputStream(from));
      OutputStream out = scope.closing(Files.newOutputStream(to));
      in.transferTo(out);
    });
  }
  // end example
  // spotless:on

  @Test
  void copyCopiesAndLetsTheBodysIOExceptionThroughAsItself(@TempDir Path directory)
      throws IOException {
    Path from = Files.write(directory.resolve("from.txt"), "contents".getBytes(UTF_8));
    Path to = directory.resolve("to.txt");

    copy(from, to);

    assertEquals("contents", new String(Files.readAllBytes(to), UTF_8));
    assertThrows(NoSuchFileException.class, () -> copy(directory.resolve("missing.txt"), to));
  }

  // spotless:off (examples keep the layout docs/api.md shows)
  // example: eager-argument
  static void eagerArgument() {
    AtomicInteger n = new AtomicInteger();
    Defer.run(scope -> {
      scope.defer(System.out::println, n.get());       // defer fmt.Println(n)
      scope.defer(() -> System.out.println(n.get()));  // defer func() { fmt.Println(n) }()
      n.incrementAndGet();                             // n++
    });
  }
  // end example
  // spotless:on

  @Test
  void eagerArgumentPrintsWhatTheLambdaReadsThenWhatWasRegistered() {
    assertEquals(lines("1", "0"), printedBy(ApiGuideExamplesTest::eagerArgument));
  }

  // spotless:off (examples keep the layout docs/api.md shows)
  // example: named-increment
  static int incremented() {
    return Defer.named(0, (scope, i) -> {     // func c() (i int) {
      scope.defer(() -> i.set(i.get() + 1));  //   defer func() { i++ }()
      return 1;                               //   return 1
    });                                       // }
  }
  // end example
  // spotless:on

  @Test
  void namedIncrementReturnsTwo() {
    assertEquals(2, incremented());
  }

  // spotless:off (examples keep the layout docs/api.md shows)
  // example: named-overwrite
  static int overwritten() {
    return Defer.named(0, (scope, r) -> {
      scope.defer(() -> r.set(200));  // defer func() { r = 200 }()
      r.set(0);                       // r = 0
      return r.get();                 // return r
    });
  }
  // end example
  // spotless:on

  @Test
  void namedOverwriteReturns200() {
    assertEquals(200, overwritten());
  }

  // spotless:off (examples keep the layout docs/api.md shows)
  // example: unnamed-return
  static int g = 100;

  static int unchanged() {
    return Defer.call(scope -> {
      scope.defer(() -> g = 200);  // defer func() { g = 200 }()
      return g;                    // return g
    });
  }
  // end example
  // spotless:on

  @Test
  void unnamedReturnReturns100AndLeavesG200() {
    g = 100;

    assertEquals(100, unchanged());
    assertEquals(200, g);
  }

  // spotless:off (examples keep the layout docs/api.md shows)
  // example: recover-to-error
  static String parse(String text) {
    return Defer.named("", (scope, result) -> {
      scope.defer(() -> {
        Throwable failure = scope.recover();
        if (failure != null) {
          result.set("not a number: " + text);
        }
      });
      return "parsed " + Integer.parseInt(text);
    });
  }
  // end example
  // spotless:on

  @Test
  void recoverToErrorTurnsTheFailureIntoTheResult() {
    assertEquals("parsed 42", parse("42"));
    assertEquals("not a number: forty-two", parse("forty-two"));
  }

  // spotless:off (examples keep the layout docs/api.md shows)
  // example: panic-value
  static Object recoveredValue() {
    return Defer.named(null, (scope, result) -> {
      scope.defer(() -> {
        Throwable failure = scope.recover();
        if (failure instanceof Panic) {
          result.set(((Panic) failure).value());
        }
      });
      throw Defer.panic("index out of range");
    });
  }
  // end example
  // spotless:on

  @Test
  void panicValueIsWhatRecoverSees() {
    assertEquals("index out of range", recoveredValue());
  }

  // spotless:off (examples keep the layout docs/api.md shows)
  // example: suppressed
  static void bodyFailureStaysPrimary() {
    try {
      Defer.run(scope -> {
        scope.defer(() -> { throw new IllegalStateException("cleanup failed"); });
        throw new IllegalArgumentException("body failed");
      });
    } catch (IllegalArgumentException e) {
      System.out.println(e.getMessage() + "; suppressed: " + e.getSuppressed()[0].getMessage());
    }
  }
  // end example
  // spotless:on

  @Test
  void suppressedPrintsTheBodysFailureWithTheActionsSuppressed() {
    assertEquals(
        lines("body failed; suppressed: cleanup failed"),
        printedBy(ApiGuideExamplesTest::bodyFailureStaysPrimary));
  }

  // spotless:off (examples keep the layout docs/api.md shows)
  // example: checked-wrapping
  static void flushFailure() {
    try {
      Defer.run(scope -> scope.defer(() -> { throw new IOException("flush failed"); }));
    } catch (DeferredActionException e) {
      System.out.println(e.getCause());
    }
  }
  // end example
  // spotless:on

  @Test
  void checkedWrappingPrintsTheOriginalException() {
    assertEquals(
        lines("java.io.IOException: flush failed"), printedBy(ApiGuideExamplesTest::flushFailure));
  }

  @Test
  void theGuideShowsExactlyTheExamplesOfThisFile() throws IOException {
    Map<String, String> shown = guideExamples(Files.readAllLines(GUIDE, UTF_8));
    Map<String, String> compiled = regions(Files.readAllLines(THIS_FILE, UTF_8));

    assertEquals(compiled.keySet(), shown.keySet(), "examples in docs/api.md vs. in this file");
    for (Map.Entry<String, String> example : compiled.entrySet()) {
      assertEquals(
          example.getValue(),
          shown.get(example.getKey()),
          "example '" + example.getKey() + "': docs/api.md must show this file's region as is");
    }
  }

  /** The marked Java blocks of the guide by name; fails on a Java block that is not marked. */
  private static Map<String, String> guideExamples(List<String> guide) {
    Map<String, String> examples = new LinkedHashMap<>();
    for (int i = 0; i < guide.size(); i++) {
      if (!guide.get(i).trim().equals("```java")) {
        continue;
      }
      Matcher marker = i > 0 ? GUIDE_MARKER.matcher(guide.get(i - 1).trim()) : null;
      assertTrue(
          marker != null && marker.matches(),
          "docs/api.md line "
              + (i + 1)
              + ": a Java block needs an <!-- example: NAME --> line"
              + " right before it, and a region of that name in ApiGuideExamplesTest");
      List<String> block = new ArrayList<>();
      for (i++; !guide.get(i).trim().equals("```"); i++) {
        block.add(guide.get(i));
      }
      assertEquals(null, examples.put(marker.group(1), dedent(block)), "duplicate example name");
    }
    return examples;
  }

  /** The regions of this file by name. */
  private static Map<String, String> regions(List<String> source) {
    Map<String, String> regions = new LinkedHashMap<>();
    for (int i = 0; i < source.size(); i++) {
      Matcher start = REGION_START.matcher(source.get(i));
      if (!start.matches()) {
        continue;
      }
      List<String> region = new ArrayList<>();
      for (i++; !REGION_END.matcher(source.get(i)).matches(); i++) {
        region.add(source.get(i));
      }
      assertEquals(null, regions.put(start.group(1), dedent(region)), "duplicate region name");
    }
    return regions;
  }

  /** Joins the lines without their common indentation and trailing blanks. */
  private static String dedent(List<String> lines) {
    int indent =
        lines.stream()
            .filter(line -> !line.isBlank())
            .mapToInt(line -> line.length() - line.stripLeading().length())
            .min()
            .orElse(0);
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line.isBlank() ? "" : line.substring(indent).stripTrailing()).append('\n');
    }
    return text.toString();
  }

  private static String printedBy(Runnable example) {
    PrintStream original = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, UTF_8));
    try {
      example.run();
    } finally {
      System.setOut(original);
    }
    return printed.toString(UTF_8);
  }

  private static String lines(String... lines) {
    return String.join(System.lineSeparator(), lines) + System.lineSeparator();
  }
}
