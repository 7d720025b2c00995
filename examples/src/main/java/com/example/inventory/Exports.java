package com.example.inventory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes inventory exports through temporary files. */
public final class Exports {
  private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "inventory.lock");

  static {
    // Once per process: the lock is released however the JVM exits.
    Runtime.getRuntime().addShutdownHook(new Thread(Exports::releaseLock));
  }

  /** Writes the lines to a temporary file and returns its size; the file is gone afterwards. */
  public long measure(List<String> lines) throws IOException {
    Path export = Files.createTempFile("export", ".csv");
    try {
      Files.write(export, lines);
      return Files.size(export);
    } finally {
      Files.deleteIfExists(export);
    }
  }

  /**
   * Writes the lines to a temporary file for the caller to send. Pitfall: every export adds its
   * path to the JVM's delete-on-exit set, which a server keeps until it stops.
   */
  public File stage(List<String> lines) throws IOException {
    File export = File.createTempFile("export", ".csv");
    export.deleteOnExit();
    Files.write(export.toPath(), lines);
    return export;
  }

  private static void releaseLock() {
    LOCK.toFile().delete();
  }
}
