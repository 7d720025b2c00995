package io.github.deferlint.cli;

import io.github.deferlint.defer.Defer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The deferral API the runner ships with, as a class directory for the compile classpath of the
 * user's code: its package alone. javac compiles calls of it without the annotations its class
 * files carry, and code that uses those annotations itself needs them on the class path, as in its
 * own build: bundled, they would also let a fix that adds one pass the runner's check and then
 * break that build. Copied out of the runner's class path (where, in the executable jar, it sits
 * among Error Prone and Guava, which must not leak into the user's classpath). Deleted on {@link
 * #close}, or when the JVM is stopped before that.
 */
final class BundledApi implements AutoCloseable {

  private final Path directory;

  private BundledApi(Path directory) {
    this.directory = directory;
  }

  static BundledApi extract() {
    try {
      return new BundledApi(
          TemporaryFiles.createDirectory(
              "deferlint-api", directory -> copyPackage(Defer.class, directory)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the bundled deferlint-api", e);
    }
  }

  Path directory() {
    return directory;
  }

  private static void copyPackage(Class<?> member, Path target) throws IOException {
    Path location;
    try {
      location = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException("unexpected location of " + member, e);
    }
    String packagePath = member.getPackageName().replace('.', '/');
    if (Files.isDirectory(location)) {
      copyTree(location.resolve(packagePath), target.resolve(packagePath));
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(location)) {
        copyTree(jar.getPath(packagePath), target.resolve(packagePath));
      }
    }
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> entries = Files.walk(source)) {
      for (Path entry : entries.toList()) {
        Path copy = target.resolve(source.relativize(entry).toString());
        if (Files.isDirectory(entry)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(entry, copy);
        }
      }
    }
  }

  @Override
  public void close() {
    TemporaryFiles.delete(directory);
  }
}
