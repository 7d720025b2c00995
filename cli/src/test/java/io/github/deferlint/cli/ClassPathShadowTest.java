package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static io.github.deferlint.cli.Cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class path that holds class files of the sources themselves (the project's own jar or
 * target/classes, newer than the sources) does not change what a batch sees: the types of the other
 * batches are read from the source roots, as one compilation of all the files reads them.
 */
final class ClassPathShadowTest {
  private static final Instant SOURCES_WRITTEN = Instant.parse("2020-01-01T00:00:00Z");

  @TempDir Path project;

  /** A build of an older {@code Names}, without the method the sources call now. */
  @Test
  void aStaleBuildOfTheSourcesOnTheClassPathIsNotWhatOtherBatchesSee() throws IOException {
    Path src = project.resolve("src");
    Path names =
        Cli.write(
            src,
            "com/acme/a/Names.java",
            """
            package com.acme.a;

            public class Names {
              public static String first() {
                return "first";
              }
            }
            """);
    Path user =
        Cli.write(
            src,
            "com/acme/b/User.java",
            """
            package com.acme.b;

            class User {
              String name() {
                return com.acme.a.Names.first();
              }
            }
            """);
    Path old =
        Cli.write(
            project.resolve("old"),
            "com/acme/a/Names.java",
            """
            package com.acme.a;

            public class Names {
              public static String renamedSince() {
                return "first";
              }
            }
            """);
    compile(project.resolve("classes"), old);
    olderThanTheirClassFiles(names, user);

    Cli.Run batched =
        run(project, "--jobs", "1", "--batch-size", "1", "--classpath", "classes", "src");
    Cli.Run together = run(project, "--jobs", "1", "--classpath", "classes", "src");

    assertThat(together.status()).isEqualTo(Main.CLEAN);
    assertThat(batched.err()).isEqualTo(together.err());
    assertThat(batched.status()).isEqualTo(Main.CLEAN);
  }

  /**
   * The same class, its supertype missing from the class path: read from the class file, javac
   * threw a NullPointerException on {@code cfg.name()} as an operand of {@code ?:} (seen on
   * Hazelcast 5.5.0 with its own jar as the class path); read from source, the missing type is an
   * error of {@code Cfg.java} alone.
   */
  @Test
  void aSupertypeMissingFromTheClassPathIsAnErrorOfItsSourceInEveryBatching() throws IOException {
    Path src = project.resolve("src");
    Path cfg =
        Cli.write(
            src,
            "p/Cfg.java",
            """
            package p;

            public class Cfg implements missing.Iface {
              public String name() {
                return "n";
              }
            }
            """);
    Path use =
        Cli.write(
            src,
            "q/Use.java",
            """
            package q;

            class Use {
              String f(p.Cfg cfg) {
                return cfg == null ? null : cfg.name();
              }
            }
            """);
    Path iface =
        Cli.write(
            project.resolve("lib"),
            "missing/Iface.java",
            """
            package missing;

            public interface Iface {}
            """);
    Path classes = project.resolve("classes");
    compile(classes, iface, cfg);
    deleteTree(classes.resolve("missing"));
    olderThanTheirClassFiles(cfg, use);

    Cli.Run batched =
        run(project, "--jobs", "1", "--batch-size", "1", "--classpath", "classes", "src");
    Cli.Run together = run(project, "--jobs", "1", "--classpath", "classes", "src");

    assertThat(together.err())
        .contains("src/p/Cfg.java:3:36: error: package missing does not exist");
    assertThat(batched.err()).doesNotContain("javac failed");
    // The same error; batched, the batch of Use.java, after Cfg.java's, is not compiled.
    assertThat(javacErrors(batched)).isEqualTo(javacErrors(together));
    assertThat(batched.err()).contains("the files of 1 more batch were not compiled");
    assertThat(batched.status()).isEqualTo(Main.BAD_INPUT);
  }

  /** What javac printed, without the runner's line after it. */
  private static String javacErrors(Cli.Run run) {
    return run.err().substring(0, run.err().lastIndexOf("deferlint: "));
  }

  private static void compile(Path output, Path... sources) throws IOException {
    Files.createDirectories(output);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> arguments =
        Stream.concat(
                Stream.of("-d", output.toString(), "-proc:none"),
                Stream.of(sources).map(Path::toString))
            .toList();
    assertThat(javac.run(null, null, null, arguments.toArray(String[]::new))).isEqualTo(0);
  }

  private static void olderThanTheirClassFiles(Path... sources) throws IOException {
    for (Path source : sources) {
      Files.setLastModifiedTime(source, FileTime.from(SOURCES_WRITTEN));
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> entries = Files.walk(root)) {
      for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(entry);
      }
    }
  }
}
