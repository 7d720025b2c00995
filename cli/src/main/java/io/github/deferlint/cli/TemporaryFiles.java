package io.github.deferlint.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The files and directories the runner makes for itself (the extracted API, a report before it is
 * moved into place), deleted when done with, and by a shutdown hook when the JVM is stopped first
 * (SIGTERM, Ctrl-C), so that nothing is left behind either way.
 */
final class TemporaryFiles {
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(TemporaryFiles::delete), "deferlint-cleanup"));
  }

  private TemporaryFiles() {}

  /** Deletes {@code path} (a file, or a directory with all it holds) when the JVM stops. */
  static Path register(Path path) {
    LIVE.add(path);
    return path;
  }

  /** Deletes {@code path} now; a leftover in a temporary directory is not worth failing for. */
  static void delete(Path path) {
    try (Stream<Path> entries = Files.walk(path)) {
      for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(entry);
      }
    } catch (IOException e) {
      // Already gone, or not ours to delete any more.
    }
    LIVE.remove(path);
  }
}
