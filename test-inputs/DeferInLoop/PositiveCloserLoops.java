import com.google.common.io.Closer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Guava's Closer holds what it registers until it is closed: registrations in a loop pile up. */
class PositiveCloserLoops {
  static void log(Object message) {}

  /** Every input stays open until the whole copy is done. */
  static void concatenate(List<Path> inputs, OutputStream out) throws IOException {
    try (Closer closer = Closer.create()) {
      for (Path input : inputs) {
        // BUG: Diagnostic contains: none is closed before the try on line 16 that closes `closer`
        InputStream in = closer.register(Files.newInputStream(input));
        in.transferTo(out);
      }
    }
  }

  /** Guava's documented pre-Java-7 idiom: the closer is closed in the finally. */
  static void concatenateOldStyle(List<Path> inputs, OutputStream out) throws IOException {
    Closer closer = Closer.create();
    try {
      int i = 0;
      while (i < inputs.size()) {
        // BUG: Diagnostic contains: Open a Closer per iteration instead
        InputStream in = closer.register(Files.newInputStream(inputs.get(i++)));
        in.transferTo(out);
      }
    } catch (Throwable t) {
      throw closer.rethrow(t);
    } finally {
      closer.close();
    }
  }

  /** A forEach lambda is a loop body too. */
  static void openAll(Map<String, Path> files, Map<String, InputStream> into) throws IOException {
    try (Closer closer = Closer.create()) {
      files.forEach(
          (name, path) -> {
            try {
              // BUG: Diagnostic contains: for every element of the forEach
              into.put(name, closer.register(Files.newInputStream(path)));
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          });
      log(into.size());
    }
  }

  /** An action registered with a lambda waits just as long. */
  static void tagAll(List<String> names) throws IOException {
    try (Closer closer = Closer.create()) {
      for (String name : names) {
        // BUG: Diagnostic contains: registers an action on every iteration
        closer.register(() -> log("done " + name));
      }
    }
  }

  /** A queue consumer never ends: the closer is never closed. */
  static void consume(java.util.concurrent.BlockingQueue<Path> queue) throws Exception {
    try (Closer closer = Closer.create()) {
      while (true) {
        // BUG: Diagnostic contains: which never ends (only an exception leaves it)
        InputStream in = closer.register(Files.newInputStream(queue.take()));
        log(in.read());
      }
    }
  }

  /** A helper given the caller's Closer piles up on it. */
  static void readAll(Closer closer, List<Path> paths) throws IOException {
    for (Path path : paths) {
      // BUG: Diagnostic contains: none is closed before the caller's scope `closer` ends
      log(closer.register(Files.newInputStream(path)).read());
    }
  }

  /** The inner closer is per iteration, but this registration is on the outer one. */
  static void nestedButWrongCloser(List<Path> paths) throws IOException {
    try (Closer outer = Closer.create()) {
      for (Path path : paths) {
        try (Closer inner = Closer.create()) {
          inner.register(Files.newInputStream(path));
          // BUG: Diagnostic contains: the try on line 89 that closes `outer`
          outer.register(Files.newInputStream(path.resolveSibling("index")));
          log(path);
        }
      }
    }
  }

  /**
   * Reduced from Apache Gobblin's job launcher (commit 7c2c9a9, "Fixing OOM issues"): one Closer in
   * Guava's finally idiom held two output streams per work unit until the method ended; with
   * thousands of work units the launcher ran out of memory. The fix: a Closer per iteration.
   */
  static Path writeWorkUnits(Path dir, List<String> units) throws IOException {
    Closer closer = Closer.create();
    try {
      Path index = dir.resolve("units.list");
      java.io.Writer listing = closer.register(Files.newBufferedWriter(index));
      for (String unit : units) {
        Path file = dir.resolve(unit + ".wu");
        // BUG: Diagnostic contains: Open a Closer per iteration instead
        OutputStream raw = closer.register(Files.newOutputStream(file));
        // BUG: Diagnostic contains: Open a Closer per iteration instead
        java.io.DataOutputStream data = closer.register(new java.io.DataOutputStream(raw));
        data.writeUTF(unit);
        listing.write(file + "\n");
      }
      return index;
    } catch (Throwable t) {
      throw closer.rethrow(t);
    } finally {
      closer.close();
    }
  }

  /**
   * Reduced from Apache Gobblin's job-config loader (commit 9c9d90d): a reader per config file
   * stayed open on the method's Closer until the whole directory was read.
   */
  static List<java.util.Properties> loadConfigs(List<Path> files) throws IOException {
    List<java.util.Properties> configs = new java.util.ArrayList<>();
    try (Closer closer = Closer.create()) {
      for (Path file : files) {
        java.util.Properties properties = new java.util.Properties();
        // BUG: Diagnostic contains: none is closed before the try
        properties.load(closer.register(Files.newBufferedReader(file)));
        configs.add(properties);
      }
    }
    return configs;
  }
}
