package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.TruthJUnit.assume;
import static io.github.deferlint.cli.Cli.run;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.errorprone.annotations.MustBeClosed;
import io.github.deferlint.defer.Defer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code --fix} on a copy of examples/: every suggested fix applied, the fixed code compiles and
 * only the findings without a fix are left; {@code --dry-run} prints the same change as a diff that
 * git applies; nothing is written when the run fails.
 */
final class FixTest {
  private static final Path EXAMPLES = Cli.REPOSITORY.resolve("examples/src");

  @TempDir Path project;

  /** A finding as it survives a fix elsewhere in its file: not by line number. */
  private record Found(String file, String check, String source) {}

  @BeforeEach
  void copyExamples() throws IOException {
    copyTree(EXAMPLES, project.resolve("src"));
  }

  @Test
  void fixesAreAppliedAndOnlyTheFindingsWithoutOneAreLeft() throws Exception {
    JsonNode before = Json.MAPPER.readTree(run(project, "--format", "json", "src").out());
    List<Found> withoutFix = found(before, false);
    List<Found> withFix = found(before, true);
    assertThat(withFix).isNotEmpty();
    assertThat(withoutFix).isNotEmpty();
    Map<Path, String> original = contents(project.resolve("src"));

    Cli.Run fixed = run(project, "--fix", "--format", "json", "src");
    Cli.Run after = run(project, "--format", "json", "src");

    assertThat(fixed.status()).isEqualTo(Main.FINDINGS);
    assertThat(fixed.err())
        .startsWith(
            "deferlint: --fix changed %s; %d of %d findings are left\n"
                .formatted(
                    Report.count(withFix.stream().map(Found::file).distinct().count(), "file"),
                    withoutFix.size(),
                    withoutFix.size() + withFix.size()));
    assertThat(found(Json.MAPPER.readTree(fixed.out()), false)).isEqualTo(withoutFix);
    assertThat(after.status()).isEqualTo(Main.FINDINGS);
    JsonNode left = Json.MAPPER.readTree(after.out());
    assertThat(found(left, false)).isEqualTo(withoutFix);
    assertThat(found(left, true)).isEmpty();
    assertCompilesWithJavac(project.resolve("src"));
    Map<Path, String> changed = contents(project.resolve("src"));
    assertThat(
            changed.keySet().stream()
                .filter(file -> !changed.get(file).equals(original.get(file)))
                .map(file -> project.relativize(file).toString())
                .toList())
        .containsExactlyElementsIn(withFix.stream().map(Found::file).distinct().toList());
  }

  /**
   * Error Prone's fix for a method that returns a {@code @MustBeClosed} resource annotates the
   * method with a line of its own: the method stays where it was.
   */
  @Test
  void aLineInsertedBeforeCodeKeepsItsIndentation() throws Exception {
    Path source =
        Cli.write(
            project,
            "src/p/Lines.java",
            """
            package p;

            import com.google.errorprone.annotations.MustBeClosed;
            import java.util.stream.Stream;

            class Lines {
              @MustBeClosed
              static Stream<String> open() {
                return Stream.of("a");
              }

              static class Wrapper {
                static Stream<String> wrap() {
                  return open();
                }
              }
            }
            """);

    Path annotations =
        Path.of(MustBeClosed.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    run(project, "--fix", "--classpath", annotations.toString(), "src");

    assertThat(Files.readString(source))
        .contains(
            """
              static class Wrapper {
                @MustBeClosed
                static Stream<String> wrap() {
            """);
  }

  /** In a file indented with tabs, the scope a fix adds is indented with tabs as well. */
  @Test
  void aFileIndentedWithTabsKeepsItsTabs() throws Exception {
    Path source =
        Cli.write(
            project,
            "src/p/Tabs.java",
            """
            package p;

            import io.github.deferlint.defer.Defer;
            import java.io.IOException;
            import java.io.OutputStream;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.List;

            class Tabs {
            \tvoid copyAll(List<Path> paths) throws IOException {
            \t\tDefer.<IOException>run(scope -> {
            \t\t\tfor (Path p : paths) {
            \t\t\t\tvar in = scope.closing(Files.newInputStream(p));
            \t\t\t\tin.transferTo(OutputStream.nullOutputStream());
            \t\t\t}
            \t\t});
            \t}
            }
            """);

    run(project, "--fix", "src");

    assertThat(Files.readString(source))
        .contains(
            """
            \t\t\tfor (Path p : paths) {
            \t\t\t\tDefer.run(it -> {
            \t\t\t\t\tvar in = it.closing(Files.newInputStream(p));
            \t\t\t\t\tin.transferTo(OutputStream.nullOutputStream());
            \t\t\t\t});
            \t\t\t}
            """);
  }

  /** In a file whose lines end in CR LF, so do the lines a fix adds, and its imports. */
  @Test
  void linesAFixAddsEndAsTheFilesDo() throws Exception {
    Path source =
        Cli.write(
            project,
            "src/p/Lines.java",
            """
            package p;

            import java.util.stream.Stream;

            class Lines {
              static Stream<String> wrap(Lines lines) {
                return lines.open();
              }

              @com.google.errorprone.annotations.MustBeClosed
              Stream<String> open() {
                return Stream.of("a");
              }
            }
            """
                .replace("\n", "\r\n"));
    Path annotations =
        Path.of(MustBeClosed.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    run(project, "--fix", "--classpath", annotations.toString(), "src");

    String fixed = Files.readString(source);
    assertThat(fixed).contains("import com.google.errorprone.annotations.MustBeClosed;\r\n");
    assertThat(fixed).contains("  @MustBeClosed\r\n  static Stream<String> wrap(");
    assertThat(fixed.replace("\r\n", "")).doesNotContain("\n");
  }

  /**
   * The same fix in a project without error_prone_annotations (seen on Jetty 12's jetty-util): it
   * would not compile in the project's build, so it is not applied, and the finding stays.
   */
  @Test
  void aFixThatImportsAClassTheClassPathLacksIsLeft() throws Exception {
    Path source =
        Cli.write(
            project,
            "lib/p/Walk.java",
            """
            package p;

            import java.io.IOException;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.stream.Stream;

            class Walk {
              static Stream<Path> all(Path root) throws IOException {
                return Files.walk(root);
              }
            }
            """);
    String original = Files.readString(source);

    Cli.Run fixed = run(project, "--fix", "lib");

    assertThat(fixed.status()).isEqualTo(Main.FINDINGS);
    assertThat(fixed.out()).contains("lib/p/Walk.java:10:");
    assertThat(fixed.err()).contains("no fix applies; nothing to change");
    assertThat(Files.readString(source)).isEqualTo(original);
  }

  /**
   * A fix that needs an import adds its line where it sorts, and leaves the project's own layout of
   * the import block (here the JDK's group first) as it was.
   */
  @Test
  void anImportAFixNeedsIsAddedWithoutReorderingTheBlock() throws Exception {
    Path source =
        Cli.write(
            project,
            "lib/p/Loads.java",
            """
            package p;

            import java.io.IOException;
            import java.io.Reader;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.List;

            import io.github.deferlint.defer.Scope;

            class Loads {
              static void read(Reader reader) {}

              void all(Scope scope, List<Path> paths) throws IOException {
                for (Path path : paths) {
                  Reader reader = scope.closing(Files.newBufferedReader(path));
                  read(reader);
                }
              }
            }
            """);

    run(project, "--fix", "lib");

    assertThat(Files.readString(source))
        .startsWith(
            """
            package p;

            import java.io.IOException;
            import java.io.Reader;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.List;

            import io.github.deferlint.defer.Defer;
            import io.github.deferlint.defer.Scope;

            class Loads {
            """);
    assertThat(Files.readString(source)).contains("Defer.run(");
  }

  @Test
  void aSecondFixChangesNothing() throws Exception {
    run(project, "--fix", "src");
    Map<Path, String> once = contents(project.resolve("src"));

    Cli.Run again = run(project, "--fix", "src");

    assertThat(again.err()).startsWith("deferlint: no fix applies; nothing to change\n");
    assertThat(contents(project.resolve("src"))).isEqualTo(once);
  }

  @Test
  void dryRunPrintsTheDiffThatGitAppliesAndWritesNothing() throws Exception {
    Map<Path, String> original = contents(project.resolve("src"));
    Path fixedCopy = project.resolve("fixed");
    copyTree(EXAMPLES, fixedCopy.resolve("src"));
    run(fixedCopy, "--fix", "src");

    Cli.Run dryRun = run(project, "--fix", "--dry-run", "src");

    assertThat(dryRun.status()).isEqualTo(Main.FINDINGS);
    assertThat(dryRun.err()).endsWith("; nothing was written (--dry-run)\n");
    // What no fix removes is listed on stderr, as the report would list it after --fix.
    Cli.Run afterFix = run(fixedCopy, "src");
    assertThat(afterFix.out()).isNotEmpty();
    assertThat(dryRun.err())
        .startsWith(afterFix.out().substring(0, afterFix.out().lastIndexOf("deferlint: ")));
    assertThat(dryRun.out()).startsWith("--- a/src/main/java/com/example/inventory/");
    assertThat(dryRun.out()).contains("\n+++ b/src/main/java/com/example/inventory/");
    assertThat(contents(project.resolve("src"))).isEqualTo(original);
    Path patch = Files.writeString(project.resolve("fixes.patch"), dryRun.out());
    gitApply(project, patch);
    Map<Path, String> patched = contents(project.resolve("src"));
    Map<Path, String> fixed = contents(fixedCopy.resolve("src"));
    assertThat(patched.values()).containsExactlyElementsIn(fixed.values()).inOrder();
  }

  @Test
  void nothingIsWrittenWhenTheSourcesDoNotCompile() throws Exception {
    Cli.write(
        project,
        "src/main/java/com/example/inventory/Broken.java",
        "package com.example.inventory;\n\nclass Broken {\n  Missing field;\n}\n");
    Map<Path, String> original = contents(project.resolve("src"));

    Cli.Run run = run(project, "--fix", "src");

    assertThat(run.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.err()).contains("the sources do not compile: 1 javac error above");
    assertThat(contents(project.resolve("src"))).isEqualTo(original);
  }

  @Test
  void aWriteProtectedSourceIsRefusedBeforeAnyIsWritten() throws Exception {
    List<Found> withFix =
        found(Json.MAPPER.readTree(run(project, "--format", "json", "src").out()), true);
    assume().that(withFix.stream().map(Found::file).distinct().count()).isAtLeast(2L);
    Path protectedFile = project.resolve(withFix.get(withFix.size() - 1).file());
    Files.setPosixFilePermissions(protectedFile, PosixFilePermissions.fromString("r--r--r--"));
    Map<Path, String> original = contents(project.resolve("src"));

    Cli.Run run = run(project, "--fix", "src");

    assertThat(run.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.err())
        .isEqualTo(
            "deferlint: cannot write fixed source "
                + project.relativize(protectedFile)
                + ": it is write-protected\n");
    assertThat(contents(project.resolve("src"))).isEqualTo(original);
  }

  @Test
  void aReportThatCannotBeWrittenStopsTheRunBeforeAnySourceIsFixed() throws Exception {
    Path report = Cli.write(project, "report.txt", "an old report\n");
    Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("r--r--r--"));
    Map<Path, String> original = contents(project.resolve("src"));

    Cli.Run run = run(project, "--fix", "--output", "report.txt", "src");

    assertThat(run.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.err())
        .isEqualTo("deferlint: cannot write report report.txt: it is write-protected\n");
    assertThat(contents(project.resolve("src"))).isEqualTo(original);
  }

  @Test
  void aFixedFileKeepsItsPermissions() throws Exception {
    List<Found> withFix =
        found(Json.MAPPER.readTree(run(project, "--format", "json", "src").out()), true);
    Path file = project.resolve(withFix.get(0).file());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    run(project, "--fix", "src");

    assertThat(Cli.read(file))
        .isNotEqualTo(Cli.read(EXAMPLES.resolveSibling(withFix.get(0).file())));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
  }

  @Test
  void dryRunWithoutFixIsRejected() {
    Cli.Run run = run(project, "--dry-run", "src");

    assertThat(run.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.err()).startsWith("deferlint: --dry-run goes with --fix");
  }

  private static List<Found> found(JsonNode report, boolean fixable) {
    List<Found> found = new ArrayList<>();
    for (JsonNode finding : report.path("findings").values()) {
      if (finding.path("fixable").asBoolean() == fixable) {
        found.add(
            new Found(
                finding.path("file").asString(),
                finding.path("check").asString(),
                finding.path("source").asString().strip()));
      }
    }
    return found;
  }

  private void assertCompilesWithJavac(Path sources) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> args = new ArrayList<>();
    args.add("-proc:none");
    args.add("-d");
    args.add(Files.createDirectories(project.resolve("fixed-classes")).toString());
    args.add("-cp");
    args.add(
        Path.of(Defer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString());
    contents(sources).keySet().forEach(file -> args.add(file.toString()));

    assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isEqualTo(0);
  }

  private static void gitApply(Path directory, Path patch) throws Exception {
    Process git;
    try {
      git =
          new ProcessBuilder("git", "apply", patch.toString())
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      assume().withMessage("git is installed").that(e).isNull();
      return;
    }
    String output = new String(git.getInputStream().readAllBytes(), UTF_8);
    assertThat(git.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(output).isEmpty();
    assertThat(git.exitValue()).isEqualTo(0);
  }

  private static Map<Path, String> contents(Path directory) throws IOException {
    Map<Path, String> contents = new TreeMap<>();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        contents.put(file, Files.readString(file, UTF_8));
      }
    }
    return contents;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> entries = Files.walk(from)) {
      for (Path entry : entries.toList()) {
        Path copy = to.resolve(from.relativize(entry).toString());
        if (Files.isDirectory(entry)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(entry, copy);
        }
      }
    }
  }
}
