import com.google.common.io.Closer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Guava's Closer is closed at the end of its try: an exit inside the try never gets there. */
class PositiveCloserExits {
  interface Store {
    int version();

    void removeAll();

    void close();
  }

  // Apache Jackrabbit Oak OAK-3926: a new version check exited inside the Closer's try, and the store was never closed — https://github.com/apache/jackrabbit-oak/commit/1b26ec1205a45aa73b3070271fac48ae3c69fa3a
  static void checkpoints(String[] args, Store store) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: checkpoints <path>");
      System.exit(1); // Nothing registered yet.
    }
    Closer closer = Closer.create();
    try {
      closer.register(
          new Closeable() {
            @Override
            public void close() {
              store.close();
            }
          });
      if (store.version() != 12) {
        System.err.println("segment version mismatch");
        // BUG: Diagnostic contains: before the try closes `closer`: the actions registered on line 27 never run
        System.exit(-1);
      }
      store.removeAll();
    } catch (Throwable t) {
      throw closer.rethrow(t);
    } finally {
      closer.close();
    }
  }

  /** The same in a try-with-resources. */
  static void copy(Path from, Path to) throws IOException {
    try (Closer closer = Closer.create()) {
      InputStream in = closer.register(Files.newInputStream(from));
      OutputStream out = closer.register(Files.newOutputStream(to));
      if (in.transferTo(out) == 0) {
        // BUG: Diagnostic contains: the actions registered on lines 50 and 51 never run
        System.exit(1);
      }
    }
  }

  /** Guava's finally idiom: the catch runs while the closer is still open. */
  static void copyOldStyle(Path from, OutputStream out) throws IOException {
    Closer closer = Closer.create();
    try {
      closer.register(Files.newInputStream(from)).transferTo(out);
    } catch (Throwable t) {
      // BUG: Diagnostic contains: the actions registered on line 63 never run
      System.exit(1);
      throw closer.rethrow(t);
    } finally {
      closer.close();
    }
  }
}
