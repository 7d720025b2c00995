package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static io.github.deferlint.cli.Cli.run;
import static io.github.deferlint.cli.Cli.write;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of files: compiled in batches that still resolve each other's classes, with progress on
 * stderr, every finding reported.
 */
final class LargeTreeTest {
  private static final int PACKAGES = 30;
  private static final int CLASSES_PER_PACKAGE = 100;
  private static final int PITFALL_EVERY = 10;

  @TempDir Path project;

  @Test
  void threeThousandFiles() {
    for (int p = 0; p < PACKAGES; p++) {
      for (int c = 0; c < CLASSES_PER_PACKAGE; c++) {
        write(project, "src/com/acme/p%d/C%d.java".formatted(p, c), source(p, c, PACKAGES));
      }
    }
    int files = PACKAGES * CLASSES_PER_PACKAGE;
    int pitfalls = files / PITFALL_EVERY;

    Cli.Run run = run(project, "--format", "json", "src");

    assertThat(run.err())
        .isEqualTo(
            """
            deferlint: checking 3000 files
            deferlint: compiled 500/3000 files
            deferlint: compiled 1000/3000 files
            deferlint: compiled 1500/3000 files
            deferlint: compiled 2000/3000 files
            deferlint: compiled 2500/3000 files
            deferlint: compiled 3000/3000 files
            deferlint: 3000 files, 300 findings (DeferEagerArgument: 300)
            """);
    assertThat(Json.MAPPER.readTree(run.out()).path("findings").size()).isEqualTo(pitfalls);
    assertThat(run.status()).isEqualTo(Main.FINDINGS);
  }

  @Test
  void quietHasNoProgress() {
    for (int c = 0; c < Main.PROGRESS_THRESHOLD + 1; c++) {
      write(project, "src/com/acme/p0/C%d.java".formatted(c), source(0, c, 1));
    }

    Cli.Run run = run(project, "--quiet", "--fail-on", "never", "src");

    assertThat(run.err()).isEmpty();
    assertThat(run.status()).isEqualTo(Main.CLEAN);
  }

  /**
   * Class {@code c} of package {@code p}: it reads a constant of a class in the next of {@code
   * packages} packages, which a later batch compiles, or (one in ten) has a pitfall.
   */
  private static String source(int p, int c, int packages) {
    String body =
        c % PITFALL_EVERY == 0
            ? """
                  int attempts = 1;
                  scope.defer(C%d::log, attempts);
                  attempts = 2;
            """
                .formatted(c)
            : """
                  scope.defer(() -> log(com.acme.p%d.C%d.NAME));
            """
                .formatted((p + 1) % packages, c);
    return """
    package com.acme.p%d;

    import io.github.deferlint.defer.Defer;

    public class C%d {
      public static final String NAME = "C%d";

      static void log(Object value) {}

      void run() {
        Defer.run(scope -> {
    %s    });
      }
    }
    """
        .formatted(p, c, c, body);
  }
}
