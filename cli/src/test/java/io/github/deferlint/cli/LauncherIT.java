package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner as users start it, in a JVM of its own: through {@code ./deferlint} (also by a
 * symbolic link), with JVM options, under a umask, with a heap too small, stopped by SIGTERM. Runs
 * after {@code package}, on the runner's jar.
 */
final class LauncherIT {
  private static final Path JAR = Path.of(System.getProperty("deferlint.cli.jar"));
  private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
  private static final Path JAVA = JAVA_HOME.resolve("bin/java");
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @TempDir Path work;

  private record Result(int status, String out, String err) {}

  @Test
  void launcherStartedThroughASymbolicLink() throws Exception {
    Path installed = installedLauncher();
    Path link = Files.createDirectories(work.resolve("bin")).resolve("deferlint");
    Files.createSymbolicLink(link, installed);

    Result run = run(Map.of(), link.toString(), "--version");

    assertThat(run.err()).isEmpty();
    assertThat(run.out()).matches("deferlint \\S+ \\(Error Prone \\S+\\)\n");
    assertThat(run.status()).isEqualTo(Main.CLEAN);
  }

  @Test
  void javaOptionsTheJvmRejects() throws Exception {
    Path installed = installedLauncher();

    Result run =
        run(Map.of("DEFERLINT_JAVA_OPTS", "-XX:+NoSuchOption"), installed.toString(), "--version");

    assertThat(run.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("deferlint: DEFERLINT_JAVA_OPTS=-XX:+NoSuchOption is rejected");
    assertThat(run.err()).contains("NoSuchOption");
    assertThat(run.err().lines().count()).isEqualTo(1);
  }

  @Test
  void heapTooSmallForTheBatch() throws Exception {
    Cli.writeTree(work.resolve("src"), 20, 100);

    // The parallel collector gives up once collecting is nearly all the JVM does; G1 can go on
    // collecting a heap this small for minutes on a loaded machine before it throws.
    Result run =
        run(
            Map.of(),
            JAVA.toString(),
            "-Xmx16m",
            "-XX:+UseParallelGC",
            "-jar",
            JAR.toString(),
            "src");

    assertThat(run.status()).isEqualTo(Main.BAD_INPUT);
    String last = run.err().lines().reduce((first, second) -> second).orElse("");
    assertThat(last)
        .matches(
            "deferlint: out of memory \\((Java heap space|GC overhead limit exceeded)\\) while compiling src/.*");
    assertThat(last).contains("DEFERLINT_JAVA_OPTS=-Xmx");
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void reportsAndBaselinesAreCreatedAsTheUmaskSays() throws Exception {
    Cli.write(work, Cli.JOB_PATH, Cli.JOB);

    Result run =
        run(
            Map.of(),
            "/bin/sh",
            "-c",
            "umask 002 && exec \"$0\" -jar \"$1\" --output report.txt --write-baseline known.json"
                + " src",
            JAVA.toString(),
            JAR.toString());

    assertThat(run.status()).isEqualTo(Main.CLEAN);
    assertThat(permissions(work.resolve("report.txt"))).isEqualTo("rw-rw-r--");
    assertThat(permissions(work.resolve("known.json"))).isEqualTo("rw-rw-r--");
  }

  @Test
  void sigtermLeavesNoTemporaryFiles() throws Exception {
    Cli.writeTree(work.resolve("src"), 20, 100);
    Path temporary = Files.createDirectories(work.resolve("tmp"));
    Process runner =
        new ProcessBuilder(
                JAVA.toString(), "-Djava.io.tmpdir=" + temporary, "-jar", JAR.toString(), "src")
            .directory(work.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      Instant deadline = Instant.now().plus(TIMEOUT);
      while (entries(temporary).isEmpty() && runner.isAlive()) {
        assertThat(Instant.now()).isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(runner.isAlive()).isTrue();

      runner.destroy();

      assertThat(runner.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(entries(temporary)).isEmpty();
    } finally {
      runner.destroyForcibly();
    }
  }

  /**
   * The launcher as a checkout holds it once the runner is built: the script, a build input older
   * than the jar, and the jar; no Maven wrapper, so that a build it wrongly starts fails.
   */
  private Path installedLauncher() throws IOException {
    Path root = work.resolve("checkout");
    Path launcher = root.resolve("deferlint");
    Files.createDirectories(root.resolve("cli/target"));
    Files.copy(Cli.REPOSITORY.resolve("deferlint"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
    Path pom = Files.writeString(root.resolve("pom.xml"), "<project/>\n");
    Files.setLastModifiedTime(pom, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
    Files.copy(JAR, root.resolve("cli/target/deferlint-cli-0-all.jar"));
    return launcher;
  }

  private Result run(Map<String, String> environment, String... command) throws Exception {
    Path out = work.resolve("stdout.txt");
    Path err = work.resolve("stderr.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().put("JAVA_HOME", JAVA_HOME.toString());
    builder.environment().remove("DEFERLINT_JAVA_OPTS");
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    return new Result(
        process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
  }

  private static String permissions(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private static List<Path> entries(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return new ArrayList<>(entries.toList());
    }
  }
}
