package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static io.github.deferlint.cli.Cli.JOB;
import static io.github.deferlint.cli.Cli.JOB_PATH;
import static io.github.deferlint.cli.Cli.run;
import static io.github.deferlint.cli.Cli.write;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

/** Code that javac compiles only with options of its own is checked when they are passed on. */
final class JavacOptionsTest {
  @TempDir Path project;

  @BeforeEach
  void writeProject() {
    write(project, JOB_PATH, JOB);
    write(
        project,
        "src/com/acme/jobs/Lanes.java",
        """
        package com.acme.jobs;

        import jdk.incubator.vector.IntVector;

        class Lanes {
          static int lanes() {
            return IntVector.SPECIES_PREFERRED.length();
          }
        }
        """);
  }

  @Test
  void anIncubatorModuleIsAddedWithItsValueAfterTheEqualsSignOrInTheNextOption() {
    Cli.Run without = run(project, "src");
    Cli.Run joined = run(project, "--javac-option=--add-modules=jdk.incubator.vector", "src");
    Cli.Run apart =
        run(project, "--javac-option=--add-modules", "--javac-option=jdk.incubator.vector", "src");

    assertThat(without.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(without.err()).contains("package jdk.incubator.vector");
    for (Cli.Run run : new Cli.Run[] {joined, apart}) {
      assertThat(run.err()).doesNotContain("error:");
      assertThat(run.status()).isEqualTo(Main.FINDINGS);
      assertThat(run.out()).contains("src/com/acme/jobs/Job.java:");
    }
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_23) // primitive patterns are a preview from Java 23 on
  void previewFeaturesCompileWithTheRunningJdksRelease() {
    write(
        project,
        "src/com/acme/jobs/Narrow.java",
        """
        package com.acme.jobs;

        class Narrow {
          static int small(long value) {
            return value instanceof int small ? small : -1;
          }
        }
        """);
    String release = String.valueOf(Runtime.version().feature());
    String vector = "--javac-option=--add-modules=jdk.incubator.vector";

    Cli.Run without = run(project, "--release", release, vector, "src");
    Cli.Run with =
        run(project, "--release", release, "--javac-option=--enable-preview", vector, "src");
    Cli.Run withoutRelease = run(project, "--javac-option=--enable-preview", vector, "src");

    assertThat(without.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(without.err()).contains("use --enable-preview to enable primitive patterns");
    assertThat(with.err()).doesNotContain("error");
    assertThat(with.status()).isEqualTo(Main.FINDINGS);
    assertThat(withoutRelease.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(withoutRelease.err())
        .isEqualTo(
            "deferlint: --javac-option: javac refuses the options: --enable-preview must be used"
                + " with either -source or --release\n");
  }

  @Test
  void aModuleJavacCannotFindIsAnErrorOfTheCompilation() {
    Cli.Run run = run(project, "--javac-option=--add-modules=com.acme.nowhere", "src");

    assertThat(run.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.err()).contains("module not found: com.acme.nowhere");
    assertThat(run.err()).endsWith("--release or --javac-option, and run again\n");
  }
}
