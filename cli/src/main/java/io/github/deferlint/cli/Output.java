package io.github.deferlint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.attribute.PosixFilePermission.GROUP_WRITE;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Writes files whole or not at all: a reader never sees half a report, baseline or fixed source.
 * Each file is written under a temporary name next to its target, then moved over it. A new file
 * gets the permissions the umask leaves; a replaced one keeps its own; a write-protected one is
 * refused. Through a symbolic link, the file it leads to is replaced, not the link.
 */
final class Output {
  private Output() {}

  /**
   * Replaces {@code file} with {@code content} in UTF-8, creating its directory if needed.
   *
   * @param shownAs how messages name the file
   * @param what what the file is, for messages
   * @throws UsageException if the file cannot be written, naming it
   */
  static void write(Path file, String content, String shownAs, String what) {
    writeAll(Map.of(file, content), UTF_8, ignored -> shownAs, what);
  }

  /**
   * Replaces each file with its content, each one atomically, once it is known that every one of
   * them may be replaced and encoded: a write-protected one is found before any is written.
   *
   * @throws UsageException if a file cannot be written, naming it
   */
  static void writeAll(
      Map<Path, String> contents, Charset charset, Function<Path, String> shownAs, String what) {
    List<Pending> pending = new ArrayList<>();
    contents.forEach(
        (file, content) -> {
          String shown = shownAs.apply(file);
          pending.add(
              new Pending(
                  target(file, shown, what),
                  encode(content, charset, shown, what),
                  cannotWrite(what, shown)));
        });
    pending.forEach(file -> replace(file.target(), file.content(), file.failure()));
  }

  /** A file to write, and how a message says it could not be. */
  private record Pending(Path target, ByteBuffer content, String failure) {}

  /**
   * Checks, before anything is written, that {@link #write} can write {@code file}: that it is not
   * write-protected, and that its directory is one or can be made.
   *
   * @throws UsageException naming the file if it cannot be written
   */
  static void requireWritable(Path file, String shownAs, String what) {
    Path target = target(file, shownAs, what);
    Path directory = target.getParent();
    while (directory != null && !Files.exists(directory)) {
      directory = directory.getParent();
    }
    if (directory == null) {
      // Not even the root exists: a drive that is not there (Z:\out.json on Windows).
      throw new UsageException(cannotWrite(what, shownAs) + ": no such drive: " + target.getRoot());
    }
    if (!Files.isDirectory(directory)) {
      throw new UsageException(cannotWrite(what, shownAs) + ": not a directory: " + directory);
    }
  }

  /** The file to replace for {@code file}: itself, or the one its symbolic links lead to. */
  private static Path target(Path file, String shownAs, String what) {
    Path absolute = file.toAbsolutePath();
    if (!Files.exists(absolute)) {
      return absolute;
    }
    try {
      Path real = absolute.toRealPath();
      if (!Files.isRegularFile(real)) {
        throw new UsageException(cannotWrite(what, shownAs) + ": not a regular file");
      }
      if (writeProtected(real)) {
        throw new UsageException(cannotWrite(what, shownAs) + ": it is write-protected");
      }
      return real;
    } catch (IOException e) {
      throw new UsageException(cannotWrite(what, shownAs) + ": " + reason(e), e);
    }
  }

  /**
   * Whether the user must not write {@code file}: the system denies it, or nobody has write
   * permission (a file made read-only on purpose, which even root leaves alone).
   */
  private static boolean writeProtected(Path file) throws IOException {
    if (!Files.isWritable(file)) {
      return true;
    }
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (posix == null) {
      return false;
    }
    Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
    return !permissions.contains(OWNER_WRITE)
        && !permissions.contains(GROUP_WRITE)
        && !permissions.contains(OTHERS_WRITE);
  }

  private static ByteBuffer encode(String content, Charset charset, String shownAs, String what) {
    try {
      return charset.newEncoder().encode(CharBuffer.wrap(content));
    } catch (CharacterCodingException e) {
      throw new UsageException(
          cannotWrite(what, shownAs) + ": it has characters " + charset + " cannot encode", e);
    }
  }

  /** Replaces {@code target}; {@code failure} starts the message if that fails. */
  private static void replace(Path target, ByteBuffer content, String failure) {
    // The target is absolute, and a regular file's or one to make: no root, so it has a parent.
    Path directory = Objects.requireNonNull(target.getParent(), "a file's absolute path");
    try {
      Files.createDirectories(directory);
      Path temporary =
          directory.resolve(
              "."
                  + target.getFileName()
                  + "."
                  + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                  + ".tmp");
      TemporaryFiles.use(
          temporary,
          file -> {
            // Created without permissions of its own, so that the umask decides them.
            try (SeekableByteChannel channel =
                Files.newByteChannel(
                    file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
              while (content.hasRemaining()) {
                channel.write(content);
              }
            }
            if (Files.exists(target)) {
              keepPermissions(target, file);
            }
            move(file, target);
          });
    } catch (IOException e) {
      throw new UsageException(failure + ": " + reason(e), e);
    }
  }

  private static String cannotWrite(String what, String shownAs) {
    return "cannot write " + what + " " + shownAs;
  }

  private static void keepPermissions(Path from, Path to) throws IOException {
    PosixFileAttributeView posix = Files.getFileAttributeView(from, PosixFileAttributeView.class);
    if (posix != null) {
      Files.setPosixFilePermissions(to, posix.readAttributes().permissions());
    }
  }

  private static @Nullable String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
      return "not a directory: " + ((FileSystemException) e).getFile();
    }
    if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason();
    }
    return e.getMessage();
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
