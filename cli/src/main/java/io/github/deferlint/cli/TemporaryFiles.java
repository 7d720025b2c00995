package io.github.deferlint.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files and directories the runner makes for itself (the extracted API, a report before it is
 * moved into place), deleted when done with, and by a shutdown hook when the JVM is stopped first
 * (SIGTERM, Ctrl-C). Making one and deleting them all exclude each other: the hook never runs
 * between the making of a file and its registration, nor while one is being filled.
 */
final class TemporaryFiles {
  private static final Object LOCK = new Object();
  private static final Set<Path> LIVE = new HashSet<>();
  private static boolean stopping;

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(TemporaryFiles::deleteAll, "deferlint-cleanup"));
  }

  /** What is done with a temporary file or directory. */
  interface Work {
    void on(Path path) throws IOException;
  }

  private TemporaryFiles() {}

  /** A new directory in the system's temporary one, made and filled by {@code fill}. */
  static Path createDirectory(String prefix, Work fill) throws IOException {
    synchronized (LOCK) {
      refuseWhenStopping();
      Path directory = Files.createTempDirectory(prefix);
      LIVE.add(directory);
      try {
        fill.on(directory);
      } catch (IOException | RuntimeException e) {
        delete(directory);
        throw e;
      }
      return directory;
    }
  }

  /**
   * Runs {@code work}, which makes {@code path} and may move it away; whatever is left at {@code
   * path} afterwards is deleted.
   */
  static void use(Path path, Work work) throws IOException {
    synchronized (LOCK) {
      refuseWhenStopping();
      LIVE.add(path);
      try {
        work.on(path);
      } finally {
        delete(path);
      }
    }
  }

  /** Deletes {@code path} now, with all it holds. */
  static void delete(Path path) {
    synchronized (LOCK) {
      try (Stream<Path> entries = Files.walk(path)) {
        for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(entry);
        }
      } catch (IOException e) {
        // Already gone; a leftover in a temporary directory is not worth failing the run for.
      }
      LIVE.remove(path);
    }
  }

  private static void deleteAll() {
    synchronized (LOCK) {
      stopping = true;
      List.copyOf(LIVE).forEach(TemporaryFiles::delete);
    }
  }

  private static void refuseWhenStopping() throws IOException {
    if (stopping) {
      throw new IOException("the JVM is stopping");
    }
  }
}
