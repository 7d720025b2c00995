import com.google.common.io.Closer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Closers used the way they are meant to be: nothing piles up. */
class NegativeCloserLoops {
  static void log(Object message) {}

  /** A Closer per iteration: each input is closed when its iteration ends. */
  static void concatenate(List<Path> inputs, OutputStream out) throws IOException {
    for (Path input : inputs) {
      try (Closer closer = Closer.create()) {
        InputStream in = closer.register(Files.newInputStream(input));
        in.transferTo(out);
      }
    }
  }

  /** The same, in Guava's finally idiom. */
  static void concatenateOldStyle(List<Path> inputs, OutputStream out) throws IOException {
    for (Path input : inputs) {
      Closer closer = Closer.create();
      try {
        closer.register(Files.newInputStream(input)).transferTo(out);
      } catch (Throwable t) {
        throw closer.rethrow(t);
      } finally {
        closer.close();
      }
    }
  }

  /** Registrations before and after a loop, none in it. */
  static void around(List<Path> inputs, OutputStream out) throws IOException {
    try (Closer closer = Closer.create()) {
      InputStream header = closer.register(Files.newInputStream(inputs.get(0)));
      for (Path input : inputs) {
        log(input);
      }
      header.transferTo(out);
    }
  }

  /**
   * A Closer that is returned, or kept in a field, is closed by someone else at a time this code
   * cannot see: no scope of this method, and a loop registering on it is its owner's business.
   */
  private Closer resources = Closer.create();

  Closer openAll(List<Path> paths) throws IOException {
    Closer closer = Closer.create();
    for (Path path : paths) {
      closer.register(Files.newInputStream(path));
    }
    return closer;
  }

  void keepAll(List<Path> paths) throws IOException {
    for (Path path : paths) {
      resources.register(Files.newInputStream(path));
    }
  }

  /** A search loop that returns after its registration leaves after the first iteration. */
  static InputStream first(List<Path> paths) throws IOException {
    try (Closer closer = Closer.create()) {
      for (Path path : paths) {
        if (Files.exists(path)) {
          InputStream in = closer.register(Files.newInputStream(path));
          return new java.io.ByteArrayInputStream(in.readAllBytes());
        }
      }
      return null;
    }
  }

  /** A lambda that may run later, elsewhere, is no loop body. */
  static void later(List<Path> paths, List<Runnable> tasks) throws IOException {
    try (Closer closer = Closer.create()) {
      for (Path path : paths) {
        tasks.add(() -> log(path));
      }
      List<InputStream> opened = new ArrayList<>();
      log(opened);
    }
  }
}
