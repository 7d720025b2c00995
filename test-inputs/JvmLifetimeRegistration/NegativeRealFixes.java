import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fixes of the bugs in PositiveRealBugs.java, reduced the same way, and registrations in real
 * projects that are made once: none may be flagged.
 */
class NegativeRealFixes {

  /** crate/crate#4490: the blob deletes its temporary file itself when it is done. */
  static final class DigestBlob implements AutoCloseable {
    private final File tmpFile;

    DigestBlob(File tmpDirectory, String digest) throws IOException {
      tmpFile = new File(tmpDirectory, digest + ".part");
      tmpFile.createNewFile();
    }

    @Override
    public void close() throws IOException {
      Files.deleteIfExists(tmpFile.toPath());
    }
  }

  /** apache/iceberg#13749: no deleteOnExit; close() deletes the staging files. */
  static final class S3OutputStream implements AutoCloseable {
    private final File stagingDirectory;
    private final List<File> stagingFiles = new ArrayList<>();

    S3OutputStream(File stagingDirectory) {
      this.stagingDirectory = stagingDirectory;
    }

    void newStream() throws IOException {
      stagingFiles.add(File.createTempFile("s3fileio-", ".tmp", stagingDirectory));
    }

    @Override
    public void close() throws IOException {
      for (File file : stagingFiles) {
        Files.deleteIfExists(file.toPath());
      }
    }
  }

  /**
   * netty/netty#10560: a registry of its own that forgets a file once it is deleted, and deletes
   * what is left from one hook.
   */
  static final class DeleteFileOnExitHook {
    private static final Set<String> FILES = ConcurrentHashMap.newKeySet();

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(DeleteFileOnExitHook::deleteAll));
    }

    static void add(File file) {
      FILES.add(file.getPath());
    }

    static void remove(File file) {
      FILES.remove(file.getPath());
    }

    private static void deleteAll() {
      FILES.forEach(path -> new File(path).delete());
    }
  }

  /** graphhopper/jsprit#282: the hook is removed when the algorithm ends. */
  static final class Jsprit {
    Runnable buildAlgorithm(int threads) {
      ExecutorService es = Executors.newFixedThreadPool(threads);
      Thread hook = new Thread(es::shutdown);
      Runtime.getRuntime().addShutdownHook(hook);
      return () -> {
        es.shutdown();
        Runtime.getRuntime().removeShutdownHook(hook);
      };
    }
  }

  /** facebookarchive/jcommon#36: kill() removes the hook the subprocess added. */
  static final class SubprocessImpl {
    private final Process process;
    private final Thread shutdownHook;

    SubprocessImpl(Process process) {
      this.process = process;
      this.shutdownHook = new Thread(process::destroy);
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    void kill() {
      process.destroy();
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    }
  }

  /** hollingsworthd/jBrowserDriver#82: the hook kept in a field, removed in quit(). */
  static final class JBrowserDriver {
    private final Thread shutdownHook = new Thread(JBrowserDriver::cleanUpOnExit);

    JBrowserDriver() {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    void quit() {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shutdownInProgress) {
        // the hook runs anyway
      }
    }

    private static void cleanUpOnExit() {}
  }

  /** jankotek/JDBM3 a450a10 (issue #72): the database keeps its hook and removes it on close. */
  static final class DBAbstract {
    private Thread shutdownCloseThread;

    void addShutdownHook() {
      if (shutdownCloseThread == null) {
        shutdownCloseThread = new Thread(this::close, "JDBM shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownCloseThread);
      }
    }

    void close() {
      if (shutdownCloseThread != null) {
        Runtime.getRuntime().removeShutdownHook(shutdownCloseThread);
        shutdownCloseThread = null;
      }
    }
  }

  /** h2database OnExitDatabaseCloser: one hook for all databases, under a static flag. */
  static final class OnExitDatabaseCloser extends Thread {
    private static final OnExitDatabaseCloser INSTANCE = new OnExitDatabaseCloser();
    private static final Set<Object> DATABASES = ConcurrentHashMap.newKeySet();
    private static boolean registered;

    static synchronized void register(Object db) {
      DATABASES.add(db);
      if (!registered) {
        registered = true;
        try {
          Runtime.getRuntime().addShutdownHook(INSTANCE);
        } catch (IllegalStateException shutdownInProgress) {
          // nothing to close then
        }
      }
    }
  }

  /** jetty-util ShutdownThread: a singleton hook that registers and removes itself. */
  static final class ShutdownThread extends Thread {
    private static final ShutdownThread THREAD = new ShutdownThread();
    private boolean hooked;

    private ShutdownThread() {
      super("ShutdownThread");
    }

    synchronized void hook() {
      if (!hooked) {
        Runtime.getRuntime().addShutdownHook(this);
      }
      hooked = true;
    }

    synchronized void unhook() {
      hooked = false;
      Runtime.getRuntime().removeShutdownHook(this);
    }

    static void register() {
      THREAD.hook();
    }
  }

  /**
   * apache/ant Jikes and Replace: deleteOnExit only for a temporary file that could not be deleted
   * now, a last resort kept as often as deletion fails.
   */
  static final class Replace {
    void processFile(File src, byte[] replaced) throws IOException {
      File temp = File.createTempFile("rep", ".tmp", src.getParentFile());
      try {
        Files.write(temp.toPath(), replaced);
      } finally {
        if (temp.isFile() && !temp.delete()) {
          temp.deleteOnExit();
        }
      }
    }
  }

  /** jetty-util PidFile: one hook per distinct pid file, deduplicated by a static set. */
  static final class PidFile extends Thread {
    private static final Set<String> ACTIVE_FILES = ConcurrentHashMap.newKeySet();
    private final String pidFile;

    private PidFile(String pidFile) {
      this.pidFile = pidFile;
    }

    static void create(String filename) {
      if (ACTIVE_FILES.add(filename)) {
        Runtime.getRuntime().addShutdownHook(new PidFile(filename));
      }
    }

    @Override
    public void run() {
      new File(pidFile).delete();
    }
  }

  /**
   * log4j-core 2.25 DefaultShutdownCallbackRegistry: the hook is kept in a {@code Reference} field
   * and removed, in stop(), through what {@code get()} gives back.
   */
  static final class DefaultShutdownCallbackRegistry implements Runnable {
    private Reference<Thread> shutdownHookRef;

    @Override
    public void run() {}

    void start() {
      addShutdownHook(new Thread(this));
    }

    private void addShutdownHook(Thread thread) {
      shutdownHookRef = new WeakReference<>(thread);
      Runtime.getRuntime().addShutdownHook(thread);
    }

    void stop() {
      Thread shutdownThread = shutdownHookRef.get();
      if (shutdownThread != null) {
        Runtime.getRuntime().removeShutdownHook(shutdownThread);
      }
    }
  }

  /**
   * logback-core 1.5 ContextUtil.addOrReplaceShutdownHook with ContextBase.reset(): the hook is
   * kept in the context's object map, the old one removed before a new one is added.
   */
  static final class ContextUtil {
    private static final String SHUTDOWN_HOOK_THREAD = "SHUTDOWN_HOOK";
    private final Map<String, Object> objects = new HashMap<>();

    void addOrReplaceShutdownHook(Runnable hook) {
      Runtime runtime = Runtime.getRuntime();
      Thread oldShutdownHookThread = (Thread) objects.get(SHUTDOWN_HOOK_THREAD);
      if (oldShutdownHookThread != null) {
        runtime.removeShutdownHook(oldShutdownHookThread);
      }
      Thread hookThread = new Thread(hook, "Logback shutdown hook");
      objects.put(SHUTDOWN_HOOK_THREAD, hookThread);
      runtime.addShutdownHook(hookThread);
    }

    void reset() {
      Thread hook = (Thread) objects.remove(SHUTDOWN_HOOK_THREAD);
      if (hook != null) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    }
  }

  /**
   * The defensive idiom of many clients: close() reads the field into a local, clears the field so
   * that a second close does nothing, and removes the local.
   */
  static final class Client implements AutoCloseable {
    private Thread shutdownHook;

    void start() {
      shutdownHook = new Thread(this::close, "client shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public void close() {
      Thread hook = this.shutdownHook;
      this.shutdownHook = null;
      if (hook == null) {
        return;
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running
      }
    }
  }

  /**
   * quarkusio/quarkus 3.15 Quarkus.manualStart, reduced: a static state that only moves forward,
   * tested and set under a lock, before the one hook of the JVM.
   */
  static final class ManualStart {
    private static final int STARTING = 2;
    private static final Object LOCK = new Object();
    private static volatile int state;

    static void start() {
      synchronized (LOCK) {
        if (state >= STARTING) {
          return;
        }
        state = STARTING;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("stop")));
    }
  }

  /**
   * testcontainers/testcontainers-java 2.0 ResourceReaper.setHook, reduced: the flag is the
   * instance's, but the class keeps its one instance in a static field, made under a static
   * once-test, and its constructor is not public.
   */
  static class ResourceReaper {
    private static ResourceReaper instance;
    private final AtomicBoolean hookIsSet = new AtomicBoolean(false);

    ResourceReaper() {}

    static synchronized ResourceReaper instance() {
      if (instance == null) {
        boolean useRyuk = !Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"));
        if (useRyuk) {
          instance = new RyukResourceReaper();
        } else {
          instance = new JvmHookResourceReaper();
        }
      }
      return instance;
    }

    void setHook() {
      if (hookIsSet.compareAndSet(false, true)) {
        Runtime.getRuntime().addShutdownHook(new Thread(this::performCleanup));
      }
    }

    void performCleanup() {}
  }

  static final class RyukResourceReaper extends ResourceReaper {}

  static final class JvmHookResourceReaper extends ResourceReaper {}

  /**
   * apache/ant 1.10.15 Delete.delete(File), reduced: deleteOnExit only when the project's own
   * deletion helper reports that the file is still there.
   */
  static final class AntDelete {
    private final boolean deleteOnExit = true;

    static boolean tryHardToDelete(File f, boolean runGc) {
      if (!f.delete()) {
        if (runGc) {
          System.gc();
        }
        return f.delete();
      }
      return true;
    }

    boolean delete(File f) {
      if (!tryHardToDelete(f, false)) {
        if (deleteOnExit) {
          f.deleteOnExit();
          return true;
        }
        return false;
      }
      return true;
    }
  }
}
