package io.github.deferlint.cli;

import com.google.errorprone.annotations.CheckReturnValue;
import io.github.deferlint.defer.Defer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The deferral API the runner ships with, as a class directory for the compile classpath of the
 * user's code: its own package and the annotation packages its signatures use. Copied out of the
 * runner's class path (where, in the executable jar, it sits among Error Prone and Guava, which
 * must not leak into the user's classpath). Deleted on {@link #close}, or when the JVM is stopped
 * before that.
 */
final class BundledApi implements AutoCloseable {
  private static final List<Class<?>> PACKAGE_MEMBERS =
      List.of(Defer.class, CheckReturnValue.class, Nullable.class);

  private final Path directory;

  private BundledApi(Path directory) {
    this.directory = directory;
  }

  static BundledApi extract() {
    try {
      return new BundledApi(
          TemporaryFiles.createDirectory(
              "deferlint-api",
              directory -> {
                for (Class<?> member : PACKAGE_MEMBERS) {
                  copyPackage(member, directory);
                }
              }));
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
