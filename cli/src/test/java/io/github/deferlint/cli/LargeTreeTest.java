package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static io.github.deferlint.cli.Cli.run;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of files: compiled in batches that still resolve each other's classes, several at a
 * time, with progress on stderr when asked or on a terminal, every finding reported, the same
 * however many batches run at once.
 */
final class LargeTreeTest {
  private static final int PACKAGES = 30;
  private static final int CLASSES_PER_PACKAGE = 100;

  @TempDir Path project;

  @Test
  void threeThousandFiles() {
    int pitfalls = Cli.writeTree(project.resolve("src"), PACKAGES, CLASSES_PER_PACKAGE);

    Cli.Run run = run(project, "--format", "json", "--progress", "--jobs", "2", "src");

    assertThat(run.err())
        .isEqualTo(
            """
            deferlint: checking 3000 files in 8 batches, 2 at a time
            deferlint: compiled 375/3000 files
            deferlint: compiled 750/3000 files
            deferlint: compiled 1125/3000 files
            deferlint: compiled 1500/3000 files
            deferlint: compiled 1875/3000 files
            deferlint: compiled 2250/3000 files
            deferlint: compiled 2625/3000 files
            deferlint: compiled 3000/3000 files
            deferlint: 3000 files, 300 findings (DeferEagerArgument: 300)
            """);
    assertThat(Json.MAPPER.readTree(run.out()).path("findings").size()).isEqualTo(pitfalls);
    assertThat(run.status()).isEqualTo(Main.FINDINGS);
  }

  /**
   * A type declared in a file of another name ({@code class Shared} in {@code A.java}) is found
   * from a later batch ({@code Z.java}, the last file), as javac finds it with all the files given
   * together; it would not find it on the source roots.
   */
  @Test
  void typesDeclaredBesideAnotherAreFoundFromEveryBatch() {
    Path src = project.resolve("src");
    Cli.writeTree(src, 1, 300);
    Cli.write(
        src,
        "com/acme/p0/A.java",
        """
        package com.acme.p0;

        class A {}

        class Shared {
          static final String NAME = "shared";
        }
        """);
    Cli.write(
        src,
        "com/acme/p0/Z.java",
        """
        package com.acme.p0;

        class Z {
          String name() {
            return Shared.NAME;
          }
        }
        """);

    Cli.Run run = run(project, "--format", "json", "--progress", "--jobs", "1", "src");

    assertThat(run.err())
        .isEqualTo(
            """
            deferlint: checking 302 files in 3 batches, 1 at a time
            deferlint: compiled 101/302 files
            deferlint: compiled 202/302 files
            deferlint: compiled 302/302 files
            deferlint: 302 files, 30 findings (DeferEagerArgument: 30)
            """);
    assertThat(run.status()).isEqualTo(Main.FINDINGS);
  }

  @Test
  void progressIsForATerminalUnlessAskedFor() {
    Cli.writeTree(project.resolve("src"), 1, Main.PROGRESS_THRESHOLD + 1);
    String[] args = {"--format", "json", "--jobs", "1", "src"};

    Cli.Run onTerminal = Cli.runOnTerminal(project, args);
    Cli.Run inALog = run(project, args);

    assertThat(onTerminal.err())
        .isEqualTo(
            """
            deferlint: checking 301 files in 3 batches, 1 at a time
            deferlint: compiled 101/301 files
            deferlint: compiled 202/301 files
            deferlint: compiled 301/301 files
            deferlint: 301 files, 31 findings (DeferEagerArgument: 31)
            """);
    assertThat(inALog.err())
        .isEqualTo("deferlint: 301 files, 31 findings (DeferEagerArgument: 31)\n");
  }

  @Test
  void shortRunsShowNoProgressOnATerminal() {
    Cli.writeTree(project.resolve("src"), 1, 10);

    Cli.Run run = Cli.runOnTerminal(project, "--format", "json", "src");

    assertThat(run.err()).isEqualTo("deferlint: 10 files, 1 finding (DeferEagerArgument: 1)\n");
  }

  @Test
  void quietHasNoProgress() {
    Cli.writeTree(project.resolve("src"), 1, Main.PROGRESS_THRESHOLD + 1);

    Cli.Run run = Cli.runOnTerminal(project, "--quiet", "--progress", "--fail-on", "never", "src");

    assertThat(run.err()).isEmpty();
    assertThat(run.status()).isEqualTo(Main.CLEAN);
  }

  @Test
  void batchesAtOnceReportWhatOneAtATimeDoes() {
    Cli.writeTree(project.resolve("src"), 3, 100);
    // Sorted first and last in package p1: in different batches of 50.
    for (String name : new String[] {"Broken", "ZBroken"}) {
      Cli.write(
          project,
          "src/com/acme/p1/%s.java".formatted(name),
          "package com.acme.p1;\n\nclass %s {\n  Missing%s field;\n}\n".formatted(name, name));
    }
    String[] broken = {"--batch-size", "50", "src"};
    String[] clean = {
      "--batch-size", "50", "--format", "json", "src/com/acme/p0", "src/com/acme/p2"
    };

    Cli.Run brokenAlone = run(project, prepend("1", broken));
    Cli.Run brokenAtOnce = run(project, prepend("4", broken));
    Cli.Run cleanAlone = run(project, prepend("1", clean));
    Cli.Run cleanAtOnce = run(project, prepend("4", clean));

    // The first batch with errors ends the run: later batches are not compiled, or not listed.
    assertThat(brokenAlone.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(brokenAlone.err())
        .contains(
            "1 javac error above (not deferlint findings; the files of 4 more batches were not"
                + " compiled)");
    assertThat(brokenAlone.err()).contains("Broken.java");
    assertThat(brokenAlone.err()).doesNotContain("ZBroken.java");
    assertThat(brokenAtOnce).isEqualTo(brokenAlone);
    assertThat(cleanAlone.status()).isEqualTo(Main.FINDINGS);
    assertThat(Json.MAPPER.readTree(cleanAlone.out()).path("findings").size()).isEqualTo(20);
    assertThat(cleanAtOnce).isEqualTo(cleanAlone);
  }

  private static String[] prepend(String jobs, String[] args) {
    String[] all = new String[args.length + 2];
    all[0] = "--jobs";
    all[1] = jobs;
    System.arraycopy(args, 0, all, 2, args.length);
    return all;
  }
}
