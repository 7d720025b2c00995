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

  /**
   * The close-all idiom (Presto, airlift, Oak write close() so): a Closer registers resources that
   * already exist, one per element, to close them all with exceptions suppressed properly. Nothing
   * is opened per iteration, and what the closer keeps grows with a collection already held.
   */
  private final List<InputStream> open = new ArrayList<>();
  private final List<java.util.concurrent.ExecutorService> executors = new ArrayList<>();

  void closeAll() throws IOException {
    try (Closer closer = Closer.create()) {
      for (InputStream in : open) {
        closer.register(in);
      }
      open.forEach(closer::register);
      executors.forEach(executor -> closer.register(executor::shutdown));
    }
  }

  /** trino PartitionedLookupSource.close(): the same, over a stream of an array it holds. */
  private final java.io.Closeable[] partitions = new java.io.Closeable[0];

  void closePartitions() throws IOException {
    try (Closer closer = Closer.create()) {
      java.util.Arrays.stream(partitions).forEach(closer::register);
      open.stream().filter(java.util.Objects::nonNull).forEach(closer::register);
    }
  }

  /** Gobblin's fix of the work-unit OOM: a Closer per iteration, the outer one for the list. */
  static Path writeWorkUnits(Path dir, List<String> units) throws IOException {
    Closer closer = Closer.create();
    try {
      Path index = dir.resolve("units.list");
      java.io.Writer listing = closer.register(Files.newBufferedWriter(index));
      for (String unit : units) {
        Closer unitCloser = Closer.create();
        try {
          Path file = dir.resolve(unit + ".wu");
          java.io.DataOutputStream data =
              unitCloser.register(
                  new java.io.DataOutputStream(unitCloser.register(Files.newOutputStream(file))));
          data.writeUTF(unit);
          listing.write(file + "\n");
        } catch (Throwable t) {
          throw unitCloser.rethrow(t);
        } finally {
          unitCloser.close();
        }
      }
      return index;
    } catch (Throwable t) {
      throw closer.rethrow(t);
    } finally {
      closer.close();
    }
  }

  /**
   * After Presto's spill-file fix (Teradata/presto#564): a Closer kept in a field, registered on
   * per call, and a Closer returned to the caller: neither is a scope of this code.
   */
  private final Closer spills = Closer.create();

  java.io.Closeable readSpill(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    return spills.register(both(in, () -> log("released")));
  }

  static java.io.Closeable both(java.io.Closeable first, java.io.Closeable second) {
    Closer combined = Closer.create();
    combined.register(first);
    combined.register(second);
    return combined;
  }

  interface CatalogConnector {
    void shutdown();
  }

  record RegisteredCatalog(String token, CatalogConnector catalog) {}

  /**
   * trino 483 WorkerDynamicCatalogManager.stop, reduced (there on trino's own closer): every
   * catalog the manager holds is shut down, reached through its record's component.
   */
  static void stopCatalogs(java.util.Map<String, RegisteredCatalog> catalogs) throws IOException {
    try (Closer closer = Closer.create()) {
      catalogs.values().forEach(registered -> closer.register(registered.catalog()::shutdown));
      catalogs.clear();
    }
  }
}
