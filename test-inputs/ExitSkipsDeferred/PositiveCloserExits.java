import com.google.common.io.Closer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Guava's Closer is closed at the end of its try: an exit inside the try never gets there. */
class PositiveCloserExits {
  static void copy(Path from, Path to) throws IOException {
    try (Closer closer = Closer.create()) {
      InputStream in = closer.register(Files.newInputStream(from));
      OutputStream out = closer.register(Files.newOutputStream(to));
      if (in.transferTo(out) == 0) {
        // BUG: Diagnostic contains: before the try closes `closer`: the actions registered on lines 12 and 13 never run
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
      // BUG: Diagnostic contains: the actions registered on line 25 never run
      System.exit(1);
      throw closer.rethrow(t);
    } finally {
      closer.close();
    }
  }
}
