import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Registrations kept until the JVM exits, made on every upload, spill, job or instance: each class
 * reduces a bug fixed in a public project (the code is written anew, the shape is theirs). The
 * fixed code is in NegativeRealFixes.java, except where the fix left a registration the check
 * still flags (said at the class).
 */
class PositiveRealBugs {

  /** crate/crate#4490: a temporary file per uploaded blob, marked deleteOnExit. */
  static final class DigestBlob {
    private final File tmpDirectory;
    private final String digest;

    DigestBlob(File tmpDirectory, String digest) {
      this.tmpDirectory = tmpDirectory;
      this.digest = digest;
    }

    private File createTmpFile() throws IOException {
      File tmpFile = new File(tmpDirectory, digest + ".part");
      tmpFile.createNewFile();
      // BUG: Diagnostic contains: made in `createTmpFile()`: one more path with every call
      tmpFile.deleteOnExit();
      return tmpFile;
    }

    void addContent(byte[] chunk) throws IOException {
      Files.write(createTmpFile().toPath(), chunk);
    }
  }

  /** apache/iceberg#13749: S3OutputStream marked every staging file deleteOnExit. */
  static final class S3OutputStream {
    private final File stagingDirectory;
    private final List<File> stagingFiles = new ArrayList<>();
    private File currentStagingFile;

    S3OutputStream(File stagingDirectory) {
      this.stagingDirectory = stagingDirectory;
    }

    private void newStream() throws IOException {
      currentStagingFile = File.createTempFile("s3fileio-", ".tmp", stagingDirectory);
      // BUG: Diagnostic contains: `currentStagingFile.deleteOnExit()` keeps the path of
      currentStagingFile.deleteOnExit();
      stagingFiles.add(currentStagingFile);
    }

    void write(byte[] part) throws IOException {
      newStream();
      Files.write(currentStagingFile.toPath(), part);
    }
  }

  /** apache/paimon#4151: the lookup store writer marked its bloom filter and data files. */
  static final class HashLookupStoreWriter {
    private final File tempFolder;

    HashLookupStoreWriter(File tempFolder) {
      this.tempFolder = tempFolder;
    }

    void writeBloomFilter(byte[] bits) throws IOException {
      File bloomFilterFile = new File(tempFolder, "bloomfilter.dat");
      // BUG: Diagnostic contains: made in `writeBloomFilter(..)`
      bloomFilterFile.deleteOnExit();
      Files.write(bloomFilterFile.toPath(), bits);
    }
  }

  /** netty/netty#10351 (fixed by #10560): a temporary file per large HTTP upload. */
  abstract static class AbstractDiskHttpData {
    abstract boolean deleteOnExit();

    File tempFile(String prefix, String postfix) throws IOException {
      File tmpFile = File.createTempFile(prefix, postfix);
      if (deleteOnExit()) {
        // BUG: Diagnostic contains: `tmpFile.deleteOnExit()`
        tmpFile.deleteOnExit();
      }
      return tmpFile;
    }
  }

  /** apache/spark#40598 (SPARK-42974): JavaUtils.createTempDir marked every directory. */
  static final class JavaUtils {
    static File createTempDir(File root, String namePrefix) throws IOException {
      File dir = Files.createTempDirectory(root.toPath(), namePrefix).toFile();
      // BUG: Diagnostic contains: made in static `createTempDir(..)`: one more path with every
      dir.deleteOnExit();
      return dir;
    }
  }

  /** vertigo-io/vertigo-core#145: a File subclass that registers itself when constructed. */
  static final class TempFile extends File {
    TempFile(File directory, String name) {
      super(directory, name);
      // BUG: Diagnostic contains: in the constructor of `TempFile`: one more path with every new
      deleteOnExit();
    }
  }

  /**
   * bisq-network/bisq#3817: a fresh temp file per save, every two seconds. The fix reuses one path
   * per FileManager, so the set no longer grows; the check cannot see that the path repeats and
   * still flags the fixed code (the second method): suppress it there, saying why.
   */
  static final class FileManager {
    private final File dir;
    private File usedTempFile;

    FileManager(File dir) {
      this.dir = dir;
    }

    void saveToFile(byte[] bytes) throws IOException {
      File tempFile = File.createTempFile("temp", null, dir);
      // BUG: Diagnostic contains: made in `saveToFile(..)`
      tempFile.deleteOnExit();
      Files.write(tempFile.toPath(), bytes);
    }

    void saveToFileFixed(byte[] bytes) throws IOException {
      File tempFile = usedTempFile != null ? usedTempFile : File.createTempFile("temp", null, dir);
      // BUG: Diagnostic contains: made in `saveToFileFixed(..)`
      tempFile.deleteOnExit();
      Files.write(tempFile.toPath(), bytes);
      usedTempFile = tempFile;
    }
  }

  /**
   * exoplatform/ecms#795: deleteOnExit replaced, to save memory, by a shutdown hook per file: both
   * keep one more thing per file until the JVM exits, the hook more than the path.
   */
  static final class PdfViewer {
    void cacheBefore(File file) {
      // BUG: Diagnostic contains: made in `cacheBefore(..)`
      file.deleteOnExit();
    }

    void cacheAfter(File file) {
      final File finalCont = file;
      // BUG: Diagnostic contains: keeps the hook thread, and everything it reaches, until the JVM
      Runtime.getRuntime().addShutdownHook(new Thread() {
        @Override
        public void run() {
          finalCont.delete();
        }
      });
    }
  }

  /**
   * apache/gobblin#802: every job launcher added a hook that interrupts the main thread. The fix
   * (07b518e, PR #808) moved the hook into ServiceBasedAppLauncher, made once per application: the
   * check cannot know that, and still flags the moved hook.
   */
  abstract static class AbstractJobLauncher {
    AbstractJobLauncher() {
      addInterruptedShutdownHook();
    }

    private void addInterruptedShutdownHook() {
      final Thread mainThread = Thread.currentThread();
      // BUG: Diagnostic contains: made in `addInterruptedShutdownHook()`: one more thread with
      Runtime.getRuntime().addShutdownHook(new Thread() {
        @Override
        public void run() {
          mainThread.interrupt();
        }
      });
    }
  }

  /** graphhopper/jsprit#282: a hook per algorithm run, holding the thread pool it shuts down. */
  static final class Jsprit {
    private final int threads;

    Jsprit(int threads) {
      this.threads = threads;
    }

    Runnable buildAlgorithm() {
      java.util.concurrent.ExecutorService es =
          java.util.concurrent.Executors.newFixedThreadPool(threads);
      // BUG: Diagnostic contains: made in `buildAlgorithm()`: one more thread with every call
      Runtime.getRuntime().addShutdownHook(new Thread(es::shutdown));
      return () -> es.submit(() -> {});
    }
  }

  /** palantir/atlasdb#3653: the background sweeper added a hook per transaction manager. */
  static final class BackgroundSweeperImpl {
    private final AutoCloseable persistentLockManager;

    BackgroundSweeperImpl(AutoCloseable persistentLockManager) {
      this.persistentLockManager = persistentLockManager;
    }

    synchronized void runInBackground() {
      // BUG: Diagnostic contains: and `this` (the `BackgroundSweeperImpl`) it captures
      Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown));
    }

    private void shutdown() {
      try {
        persistentLockManager.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** facebookarchive/jcommon#36: a hook per subprocess, never removed on kill. */
  static final class SubprocessImpl {
    private final Process process;

    SubprocessImpl(Process process) {
      this.process = process;
      // BUG: Diagnostic contains: in the constructor of `SubprocessImpl`: one more thread with
      Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
    }

    void kill() {
      process.destroy();
    }
  }

  /** hollingsworthd/jBrowserDriver#82: the driver's constructor added a hook holding the driver. */
  static final class JBrowserDriver {
    private final List<String> logs = new ArrayList<>();

    JBrowserDriver() {
      // BUG: Diagnostic contains: and `this` (the `JBrowserDriver`) it captures
      Runtime.getRuntime().addShutdownHook(new Thread(this::quit));
    }

    void quit() {
      logs.clear();
    }
  }

  /** jankotek/JDBM3#82 (and mapdb#272): closeOnExit registered a hook per database opened. */
  static final class DBMaker {
    private boolean closeOnJvmExit;

    OutputStream make(OutputStream db) {
      if (closeOnJvmExit) {
        final OutputStream db2 = db;
        Thread t =
            new Thread("JDBM shutdown") {
              @Override
              public void run() {
                try {
                  db2.close();
                } catch (IOException ignored) {
                  // closing anyway
                }
              }
            };
        // BUG: Diagnostic contains: made in `make(..)`: one more thread with every call
        Runtime.getRuntime().addShutdownHook(t);
      }
      return db;
    }
  }
}
