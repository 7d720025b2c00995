package io.github.deferlint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the command in-process and writes the small projects the tests run it on. */
final class Cli {
  /** The repository root, where test-inputs/ and api/ are; the tests run in cli/. */
  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  /** A finding of DeferEagerArgument at 11:29, {@code attempts}, 8 characters long. */
  static final String JOB =
      """
      package com.acme.jobs;

      import io.github.deferlint.defer.Defer;

      public class Job {
        static void log(Object value) {}

        void run() {
          Defer.run(scope -> {
            int attempts = 1;
            scope.defer(Job::log, attempts);
            attempts = 2;
          });
        }
      }
      """;

  static final String JOB_PATH = "src/com/acme/jobs/Job.java";

  /** Correct code: the lambda reads the value when it runs. */
  static final String CLEAN_JOB =
      """
      package com.acme.jobs;

      import io.github.deferlint.defer.Defer;

      public class CleanJob {
        static void log(Object value) {}

        void run() {
          Defer.run(scope -> {
            int[] attempts = {1};
            scope.defer(() -> log(attempts[0]));
            attempts[0] = 2;
          });
        }
      }
      """;

  static final String CLEAN_JOB_PATH = "src/com/acme/jobs/CleanJob.java";

  private static final int PITFALL_EVERY = 10;

  /** What a run printed and returned. */
  record Run(int status, String out, String err) {}

  private Cli() {}

  static Run run(Path workingDirectory, String... args) {
    return run(workingDirectory, false, args);
  }

  /** As started with standard error on a terminal. */
  static Run runOnTerminal(Path workingDirectory, String... args) {
    return run(workingDirectory, true, args);
  }

  private static Run run(Path workingDirectory, boolean onTerminal, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            workingDirectory,
            args,
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            onTerminal);
    return new Run(status, out.toString(UTF_8), err.toString(UTF_8));
  }

  static Path write(Path root, String relativePath, String content) {
    Path file = root.resolve(relativePath);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static String read(Path file) {
    try {
      return Files.readString(file, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes {@code packages} packages {@code com.acme.pN} of {@code classesPerPackage} classes each
   * under {@code root}: a class reads a constant of a class in the next package, which a later
   * batch compiles, or (one in ten) has a DeferEagerArgument pitfall.
   *
   * @return how many pitfalls were written
   */
  static int writeTree(Path root, int packages, int classesPerPackage) {
    int pitfalls = 0;
    for (int p = 0; p < packages; p++) {
      for (int c = 0; c < classesPerPackage; c++) {
        write(root, "com/acme/p%d/C%d.java".formatted(p, c), treeClass(p, c, packages));
        pitfalls += c % PITFALL_EVERY == 0 ? 1 : 0;
      }
    }
    return pitfalls;
  }

  private static String treeClass(int p, int c, int packages) {
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
