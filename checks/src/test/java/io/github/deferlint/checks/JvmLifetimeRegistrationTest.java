package io.github.deferlint.checks;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

/**
 * JvmLifetimeRegistration, along its decisions: is the call a registration, is what it keeps the
 * same on every run, does the class undo it, does the code around it run many times (entry points,
 * static initializers, once-flags, effectively private code used only from such code), and then
 * what the finding says and the one fix it offers.
 */
final class JvmLifetimeRegistrationTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(JvmLifetimeRegistration.class, getClass());

  // ---------------------------------------------------------------------------------------------
  // Negatives, in the order the check decides

  @Test
  void otherMethodsOfTheSameNames() {
    helper
        .addSourceLines(
            "Others.java",
            "import java.io.File;",
            "class Others {",
            "  static class Scratch {",
            "    void deleteOnExit() {}",
            "    void deleteOnExit(File file) {}",
            "  }",
            "  static class Hooks {",
            "    void addShutdownHook(Thread hook) {}",
            "  }",
            "  void perCall(Scratch scratch, Hooks hooks, File file) {",
            "    scratch.deleteOnExit();",
            "    scratch.deleteOnExit(file);",
            "    hooks.addShutdownHook(new Thread());",
            "    file.delete();",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void samePathOnEveryRun() {
    helper
        .addSourceLines(
            "SamePaths.java",
            "import java.io.File;",
            "import java.nio.file.Path;",
            "class SamePaths {",
            "  private static final File LOCK = new File(\"app.lock\");",
            "  private static final String DIR = System.getProperty(\"java.io.tmpdir\");",
            "  private static final Path ROOT = Path.of(DIR);",
            "  void perCall() {",
            "    new File(\"/tmp/app.pid\").deleteOnExit();",
            "    LOCK.deleteOnExit();",
            "    new File(DIR, \"app.\" + \"port\").deleteOnExit();",
            "    ROOT.resolve(\"cache\").toFile().deleteOnExit();",
            "    File marker = new File(LOCK, \"marker\");",
            "    marker.deleteOnExit();",
            "  }",
            "}")
        .doTest();
  }

  /** One hook object: the JVM refuses it a second time, so it never keeps more than one. */
  @Test
  void sameHookOnEveryRun() {
    helper
        .addSourceLines(
            "SameHook.java",
            "class SameHook {",
            "  static final Thread FINALIZER = new Thread(() -> {});",
            "  static Thread replaceable = new Thread(() -> {});",
            "  final Thread own = new Thread(() -> {});",
            "  void install() {",
            "    Runtime.getRuntime().addShutdownHook(FINALIZER);",
            "    Runtime.getRuntime().addShutdownHook((SameHook.FINALIZER));",
            "  }",
            "  void notTheSame() {",
            "    // BUG: Diagnostic contains: one more thread with every call",
            "    Runtime.getRuntime().addShutdownHook(replaceable);",
            "    // BUG: Diagnostic contains: one more thread with every call",
            "    Runtime.getRuntime().addShutdownHook(own);",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void lastResortAfterAFailedDelete() {
    helper
        .addSourceLines(
            "LastResort.java",
            "import java.io.File;",
            "import java.nio.file.Files;",
            "class LastResort {",
            "  void replace(File temp, boolean keep) throws Exception {",
            "    try {",
            "      Files.write(temp.toPath(), new byte[0]);",
            "    } finally {",
            "      if (temp.isFile() && !temp.delete()) {",
            "        temp.deleteOnExit();",
            "      }",
            "      if (!Files.deleteIfExists(temp.toPath())) {",
            "        temp.deleteOnExit();",
            "      }",
            "      if (!keep) {",
            "        // BUG: Diagnostic contains: one more path with every call",
            "        temp.deleteOnExit();",
            "      }",
            "      if (temp.delete()) {",
            "        // BUG: Diagnostic contains: one more path with every call",
            "        temp.deleteOnExit();",
            "      }",
            "    }",
            "  }",
            "  void otherSpellings(File temp, java.nio.file.Path path, File other) {",
            "    if (temp.delete()) {",
            "      System.out.println(\"deleted\");",
            "    } else {",
            "      temp.deleteOnExit();",
            "    }",
            "    boolean deleted = temp.delete();",
            "    if (!deleted) {",
            "      temp.deleteOnExit();",
            "    }",
            "    if (other.delete()) {",
            "      System.out.println(\"deleted\");",
            "    } else {",
            "      // BUG: Diagnostic contains: one more path with every call",
            "      temp.deleteOnExit();", // another file failed to go
            "    }",
            "    if (other != null && !other.delete() && other.exists()) {", // JGit's slip
            "      // BUG: Diagnostic contains: The `if` on line 40 tests whether deleting `other`"
                + " failed, not `temp`: if this is the last resort for `other`, register that file"
                + " instead.",
            "      temp.deleteOnExit();",
            "    }",
            "    if (deleted) {",
            "      // BUG: Diagnostic contains: one more path with every call",
            "      temp.deleteOnExit();", // the deletion worked
            "    }",
            "  }",
            "  static boolean tryHardToDelete(File file, boolean gc) {",
            "    return file.delete();",
            "  }",
            "  static boolean deleteTree(File file) {",
            "    return file.delete();",
            "  }",
            "  static boolean exists(File file) {",
            "    return file.exists();",
            "  }",
            "  void throughHelpers(File temp, File other) {", // Ant's Delete
            "    if (!tryHardToDelete(temp, true)) {",
            "      temp.deleteOnExit();",
            "    }",
            "    boolean gone = deleteTree(temp);",
            "    if (!gone) {",
            "      temp.deleteOnExit();",
            "    }",
            "    if (!tryHardToDelete(other, true)) {",
            "      // BUG: Diagnostic contains: one more path with every call",
            "      temp.deleteOnExit();", // the helper was given another file
            "    }",
            "    if (!exists(temp)) {",
            "      // BUG: Diagnostic contains: one more path with every call",
            "      temp.deleteOnExit();", // no deletion at all
            "    }",
            "  }",
            "  void inTheCatch(java.nio.file.Path path, File temp) {",
            "    try {",
            "      Files.delete(path);",
            "    } catch (java.io.IOException e) {",
            "      path.toFile().deleteOnExit();",
            "    }",
            "    try {",
            "      Files.deleteIfExists(temp.toPath());",
            "    } catch (java.io.IOException | SecurityException e) {",
            "      temp.getAbsoluteFile().deleteOnExit();",
            "    }",
            "    try {",
            "      Files.delete(path);",
            "    } catch (java.io.IOException e) {",
            "      // BUG: Diagnostic contains: one more path with every call",
            "      temp.deleteOnExit();", // not the file the try deletes
            "    }",
            "    try {",
            "      Runnable later = () -> temp.delete();",
            "      later.run();",
            "    } catch (RuntimeException e) {",
            "      // BUG: Diagnostic contains: one more path with every call",
            "      temp.deleteOnExit();", // the try deletes nothing itself
            "    }",
            "  }",
            "  void successFlag(java.nio.file.Path path, File temp, boolean retry) {",
            "    boolean success = false;", // Solr's UpdateLog.deleteFile
            "    try {",
            "      Files.deleteIfExists(path);",
            "      success = true;",
            "    } catch (Exception e) {",
            "      System.err.println(\"Error deleting file: \" + path);",
            "    }",
            "    if (!success) {",
            "      path.toFile().deleteOnExit();",
            "    }",
            "    boolean done = false;",
            "    try {",
            "      done = true;",
            "      Files.deleteIfExists(temp.toPath());",
            "    } catch (Exception e) {",
            "      System.err.println(e);",
            "    }",
            "    if (!done) {",
            "      // BUG: Diagnostic contains: one more path with every call",
            "      temp.deleteOnExit();", // set before the delete, not after it
            "    }",
            "    boolean gone = false;",
            "    try {",
            "      Files.deleteIfExists(temp.toPath());",
            "      gone = true;",
            "    } catch (Exception e) {",
            "      gone = retry;",
            "    }",
            "    if (!gone) {",
            "      // BUG: Diagnostic contains: one more path with every call",
            "      temp.deleteOnExit();", // set otherwise too
            "    }",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void hookRemovedByTheSameClass() {
    helper
        .addSourceLines(
            "Removed.java",
            "class Removed implements AutoCloseable {",
            "  private final Thread hook = new Thread(this::close);",
            "  Removed() {",
            "    Runtime.getRuntime().addShutdownHook(hook);",
            "  }",
            "  @Override",
            "  public void close() {",
            "    try {",
            "      Runtime.getRuntime().removeShutdownHook(hook);",
            "    } catch (IllegalStateException shuttingDown) {",
            "    }",
            "  }",
            "  static void whileRunning(Runnable work) {",
            "    Thread cleanup = new Thread(() -> {});",
            "    Runtime.getRuntime().addShutdownHook(cleanup);",
            "    try {",
            "      work.run();",
            "    } finally {",
            "      Runtime.getRuntime().removeShutdownHook(cleanup);",
            "    }",
            "  }",
            "  private static Thread registerHook() {",
            "    Thread hook = new Thread(() -> {});",
            "    Runtime.getRuntime().addShutdownHook(hook);",
            "    return hook;",
            "  }",
            "  static void await(Runnable work) {",
            "    Thread hook = registerHook();",
            "    work.run();",
            "    Runtime.getRuntime().removeShutdownHook(hook);",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void entryPointsAndStaticInitializersRunOnce() {
    helper
        .addSourceLines(
            "Startup.java",
            "import java.io.File;",
            "import java.io.IOException;",
            "class Startup {",
            "  static final Thread HOOK = new Thread(() -> {});",
            "  static {",
            "    Runtime.getRuntime().addShutdownHook(HOOK);",
            "  }",
            "  static final Object REGISTERED = register();",
            "  private static Object register() {",
            "    Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "    return new Object();",
            "  }",
            "  public static void main(String[] args) throws IOException {",
            "    File pid = File.createTempFile(\"app\", \".pid\");",
            "    pid.deleteOnExit();",
            "    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(\"bye\")));",
            "    installHooks();",
            "  }",
            "  private static void installHooks() {",
            "    Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "  }",
            "  public static void premain(String agentArgs) {",
            "    Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "  }",
            "}")
        .addSourceLines(
            "LaunchedSince25.java",
            "class LaunchedSince25 {", // JEP 512's entry points, also in compact source files
            "  static void main() {",
            "    Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "  }",
            "  static final class Instance {",
            "    void main(String[] args) {",
            "      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "    }",
            "  }",
            "  static final class NotMain {",
            "    int main() {", // returns a value: not launched
            "      // BUG: Diagnostic contains: one more thread with every call",
            "      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "      return 0;",
            "    }",
            "    void main(int times) {",
            "      // BUG: Diagnostic contains: one more thread with every call",
            "      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void singletonsAndEnumsRunOnce() {
    helper
        .addSourceLines(
            "Singletons.java",
            "final class Singletons {",
            "  static final Singletons INSTANCE = new Singletons();",
            "  private Singletons() {",
            "    Runtime.getRuntime().addShutdownHook(new Thread(this::flush));",
            "  }",
            "  void flush() {}",
            "  enum Registry {",
            "    INSTANCE;",
            "    Registry() {",
            "      Runtime.getRuntime().addShutdownHook(new Thread(this::clear));",
            "    }",
            "    void clear() {}",
            "  }",
            "  static final class Holder {",
            "    static final Pool POOL = new Pool();",
            "  }",
            "  private static final class Pool {",
            "    Pool() {",
            "      Runtime.getRuntime().addShutdownHook(new Thread(this::close));",
            "    }",
            "    void close() {}",
            "  }",
            "  static final Runnable ONCE =",
            "      new Runnable() {",
            "        {",
            "          Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "        }",
            "        @Override",
            "        public void run() {}",
            "      };",
            "}")
        .doTest();
  }

  @Test
  void staticOnceFlagsGuard() {
    helper
        .addSourceLines(
            "OnceFlags.java",
            "import java.util.concurrent.atomic.AtomicBoolean;",
            "class OnceFlags {",
            "  private static boolean registered;",
            "  private static volatile Thread hook;",
            "  private static final AtomicBoolean HOOKED = new AtomicBoolean();",
            "  private static final AtomicBoolean SWAPPED = new AtomicBoolean();",
            "  private static boolean installed;",
            "  void flag() {",
            "    if (!registered) {",
            "      registered = true;",
            "      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "    }",
            "  }",
            "  void lazy() {",
            "    if (hook == null) {",
            "      synchronized (OnceFlags.class) {",
            "        if (hook == null) {",
            "          hook = new Thread(() -> {});",
            "          Runtime.getRuntime().addShutdownHook(hook);",
            "        }",
            "      }",
            "    }",
            "  }",
            "  void atomically() {",
            "    if (HOOKED.compareAndSet(false, true)) {",
            "      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "    }",
            "    if (!SWAPPED.getAndSet(true)) {",
            "      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "    }",
            "  }",
            "  static synchronized void early() {",
            "    if (installed) {",
            "      return;",
            "    }",
            "    installed = true;",
            "    Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "  }",
            "  void elseBranch() {",
            "    if (registered) {",
            "      return;",
            "    } else {",
            "      registered = true;",
            "      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  // ---------------------------------------------------------------------------------------------
  // Positives: code that runs many times, and what the finding says

  @Test
  void instanceFlagsOfClassesWithBoundedInstances() {
    helper
        .addSourceLines(
            "Reaper.java",
            "import java.util.concurrent.atomic.AtomicBoolean;",
            "class Reaper {",
            "  private static Reaper instance;",
            "  private final AtomicBoolean hookIsSet = new AtomicBoolean();",
            "  Reaper() {}",
            "  static synchronized Reaper instance() {",
            "    if (instance == null) {",
            "      instance = Boolean.getBoolean(\"ryuk\") ? new Ryuk() : new JvmHook();",
            "    }",
            "    return instance;",
            "  }",
            "  void setHook() {",
            "    if (hookIsSet.compareAndSet(false, true)) {",
            "      Runtime.getRuntime().addShutdownHook(new Thread(this::cleanUp));",
            "    }",
            "  }",
            "  void cleanUp() {}",
            "  static final class Ryuk extends Reaper {}",
            "  static final class JvmHook extends Reaper {}",
            "}")
        .addSourceLines(
            "FileSystem.java",
            "import java.util.concurrent.atomic.AtomicBoolean;",
            "class FileSystem {",
            "  static final Cache CACHE = new Cache();",
            "  static final class Cache {",
            "    private final AtomicBoolean hooked = new AtomicBoolean();",
            "    Cache() {}",
            "    void get() {",
            "      if (hooked.compareAndSet(false, true)) {",
            "        Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "      }",
            "    }",
            "  }",
            "}")
        .addSourceLines(
            "Outer.java",
            "final class Outer {",
            "  private static final Pool POOL = new Pool();",
            "  private static final class Pool {",
            "    private boolean hooked;",
            "    void start() {",
            "      if (hooked) {",
            "        return;",
            "      }",
            "      hooked = true;",
            "      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void hookPerInstanceCapturingThis() {
    helper
        .addSourceLines(
            "Pool.java",
            "class Pool {",
            "  Pool() {",
            "    // BUG: Diagnostic contains: `Runtime.getRuntime().addShutdownHook(new Thread(this::close))`"
                + " keeps the hook thread, and `this` (the `Pool`) it captures, until the JVM"
                + " exits, and it is made in the constructor of `Pool`: one more thread with every"
                + " new `Pool`. Register one hook at startup that closes a registry of the live"
                + " objects, or keep this hook in a field and remove it in `close()`",
            "    Runtime.getRuntime().addShutdownHook(new Thread(this::close));",
            "  }",
            "  void close() {}",
            "}")
        .doTest();
  }

  @Test
  void tempFilePerCall() {
    helper
        .addSourceLines(
            "Uploads.java",
            "import java.io.File;",
            "import java.io.IOException;",
            "class Uploads {",
            "  File spool(byte[] body) throws IOException {",
            "    File tmp = File.createTempFile(\"upload\", \".bin\");",
            "    // BUG: Diagnostic contains: `tmp.deleteOnExit()` keeps the path of `tmp` in the"
                + " JVM's delete-on-exit set until the JVM exits, and it is made in `spool(..)`:"
                + " one more path with every call. Delete the file when done with it instead:"
                + " `Files.deleteIfExists(tmp.toPath())` in a `finally`, or in a deferral scope's"
                + " `defer`.",
            "    tmp.deleteOnExit();",
            "    return tmp;",
            "  }",
            "  File spoolPath(java.nio.file.Path dir) throws IOException {",
            "    java.nio.file.Path tmp = java.nio.file.Files.createTempFile(dir, \"up\", \".bin\");",
            "    // BUG: Diagnostic contains: instead: `Files.deleteIfExists(tmp)` in a `finally`",
            "    tmp.toFile().deleteOnExit();",
            "    return tmp.toFile();",
            "  }",
            "  // Solr 9.10's DefaultPackageRepository.download: a directory per download.",
            "  java.nio.file.Path unpack() throws IOException {",
            "    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(\"packages\");",
            "    // BUG: Diagnostic contains: Delete the directory and what it holds when done with it"
                + " instead (at exit `deleteOnExit` removes a directory only if it is empty): each"
                + " entry, deepest first, then `Files.deleteIfExists(dir)`, in a `finally`",
            "    dir.toFile().deleteOnExit();",
            "    return dir;",
            "  }",
            "  File scratch() throws IOException {",
            "    File dir = java.nio.file.Files.createTempDirectory(\"scratch\").toFile();",
            "    // BUG: Diagnostic contains: Delete the directory and what it holds",
            "    dir.deleteOnExit();",
            "    return dir;",
            "  }",
            "  // Flink 2.2's FlinkZooKeeperQuorumPeer: a directory the method makes.",
            "  File dataDir(String name) throws IOException {",
            "    File dir = new File(name, String.valueOf(System.nanoTime()));",
            "    if (!dir.isDirectory() && !dir.mkdirs()) {",
            "      throw new IOException(\"Cannot create \" + dir);",
            "    }",
            "    // BUG: Diagnostic contains: Delete the directory and what it holds",
            "    dir.deleteOnExit();",
            "    return dir;",
            "  }",
            "  java.nio.file.Path made(java.nio.file.Path root) throws IOException {",
            "    java.nio.file.Path dir = root.resolve(String.valueOf(System.nanoTime()));",
            "    java.nio.file.Files.createDirectories(dir);",
            "    // BUG: Diagnostic contains: Delete the directory and what it holds",
            "    dir.toFile().deleteOnExit();",
            "    return dir;",
            "  }",
            "  File notMade(String name, File other) {",
            "    File file = new File(name, String.valueOf(System.nanoTime()));",
            "    other.mkdirs();",
            "    // BUG: Diagnostic contains: Delete the file when done with it",
            "    file.deleteOnExit();",
            "    return file;",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void deleteOnExitAsAMethodReference() {
    helper
        .addSourceLines(
            "Folders.java",
            "import java.io.File;",
            "import java.util.List;",
            "import java.util.function.Consumer;",
            "class Folders {",
            "  static final class Scratch { void deleteOnExit() {} }",
            "  void clean(List<File> files, List<Scratch> scratches, File folder) {",
            "    // BUG: Diagnostic contains: `File::deleteOnExit` keeps the path of every file it is"
                + " applied to in the JVM's delete-on-exit set until the JVM exits: one more path"
                + " with every file.",
            "    files.forEach(File::deleteOnExit);",
            "    // BUG: Diagnostic contains: one more path with every file",
            "    Consumer<File> later = File::deleteOnExit;",
            "    scratches.forEach(Scratch::deleteOnExit);", // not File's
            "    Runnable once = folder::deleteOnExit;", // one path, however often it runs
            "  }",
            "}")
        .doTest();
  }

  @Test
  void everyKindOfRepeatedCode() {
    helper
        .addSourceLines(
            "Repeated.java",
            "import java.io.File;",
            "import java.util.List;",
            "import java.util.concurrent.ExecutorService;",
            "class Repeated {",
            "  private static boolean flag;",
            "  private boolean hooked;",
            "  {",
            "    // BUG: Diagnostic contains: made in an instance initializer of `Repeated`: one"
                + " more thread with every new `Repeated`",
            "    Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "  }",
            "  private final Object watcher =",
            "      new Object() {",
            "        {",
            "          // BUG: Diagnostic contains: in the initializer of the field `watcher`",
            "          Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "        }",
            "      };",
            "  static void helper(File file) {",
            "    // BUG: Diagnostic contains: made in static `helper(..)`: one more path with every"
                + " call",
            "    file.deleteOnExit();",
            "  }",
            "  public static void main(String[] args) {",
            "    for (String arg : args) {",
            "      // BUG: Diagnostic contains: made in the loop on line 23: one more path with"
                + " every iteration",
            "      new File(arg).deleteOnExit();",
            "    }",
            "  }",
            "  static void later(ExecutorService executor, File file) {",
            "    if (!flag) {",
            "      // BUG: Diagnostic contains: made in the lambda on line 31: one more path with"
                + " every run of it",
            "      executor.execute(() -> file.deleteOnExit());",
            "    }",
            "  }",
            "  void anonymous(List<Runnable> tasks) {",
            "    tasks.add(",
            "        new Runnable() {",
            "          @Override",
            "          public void run() {",
            "            // BUG: Diagnostic contains: made in `run()` of a local or anonymous class",
            "            Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "          }",
            "        });",
            "  }",
            "  void instanceFlag() {",
            "    if (!hooked) {",
            "      hooked = true;",
            "      // BUG: Diagnostic contains: made in `instanceFlag()` under a once-flag of each"
                + " `Repeated`: one more thread with every new `Repeated`",
            "      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "    }",
            "  }",
            "  void instanceFlagTurnedAround() {",
            "    if (hooked) {",
            "      return;",
            "    }",
            "    hooked = true;",
            "    // BUG: Diagnostic contains: under a once-flag of each `Repeated`",
            "    Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "  }",
            "  static void flagNeverSet() {",
            "    if (!flag) {",
            "      // BUG: Diagnostic contains: in static `flagNeverSet()`",
            "      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "    }",
            "  }",
            "  void inAnonymous(List<Runnable> tasks) {",
            "    tasks.add(",
            "        new Runnable() {",
            "          void stop() {}",
            "          @Override",
            "          public void run() {",
            "            // BUG: Diagnostic contains: keeps the hook thread, and `this` it captures,",
            "            Runtime.getRuntime().addShutdownHook(new Thread(this::stop));",
            "          }",
            "        });",
            "  }",
            "  private void onlyFromInstanceCode() {",
            "    // BUG: Diagnostic contains: in `onlyFromInstanceCode()`",
            "    Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "  }",
            "  void caller() {",
            "    onlyFromInstanceCode();",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void instanceFlagsOfClassesThatMayHaveMoreInstances() {
    helper
        .addSourceLines(
            "Open.java",
            "import java.util.concurrent.atomic.AtomicBoolean;",
            "class Open {",
            "  static final Open DEFAULT = new Open();",
            "  private final AtomicBoolean hooked = new AtomicBoolean();",
            "  public Open() {}",
            "  void hook() {",
            "    if (hooked.compareAndSet(false, true)) {",
            "      // BUG: Diagnostic contains: under a once-flag of each `Open`",
            "      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "    }",
            "  }",
            "}")
        .addSourceLines(
            "PerCall.java",
            "import java.util.concurrent.atomic.AtomicBoolean;",
            "class PerCall {",
            "  private static PerCall instance = new PerCall();",
            "  private final AtomicBoolean hooked = new AtomicBoolean();",
            "  private PerCall() {}",
            "  static PerCall fresh() {",
            "    return new PerCall();",
            "  }",
            "  void hook() {",
            "    if (hooked.compareAndSet(false, true)) {",
            "      // BUG: Diagnostic contains: under a once-flag of each `PerCall`",
            "      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "    }",
            "  }",
            "}")
        .addSourceLines(
            "Supplied.java",
            "import java.util.concurrent.atomic.AtomicBoolean;",
            "import java.util.function.Supplier;",
            "class Supplied {",
            "  private static final Supplied INSTANCE = new Supplied();",
            "  static final Supplier<Supplied> FACTORY = Supplied::new;",
            "  private final AtomicBoolean hooked = new AtomicBoolean();",
            "  private Supplied() {}",
            "  void hook() {",
            "    if (hooked.compareAndSet(false, true)) {",
            "      // BUG: Diagnostic contains: under a once-flag of each `Supplied`",
            "      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "    }",
            "  }",
            "}")
        .addSourceLines(
            "Borrowed.java",
            "import java.util.concurrent.atomic.AtomicBoolean;",
            "class Borrowed {",
            "  private static final Borrowed INSTANCE = new Borrowed();",
            "  private final AtomicBoolean hooked = new AtomicBoolean();",
            "  private Borrowed() {}",
            "  static final class Flags {",
            "    final AtomicBoolean hooked = new AtomicBoolean();",
            "  }",
            "  void hook(Flags flags) {",
            "    if (flags.hooked.compareAndSet(false, true)) {",
            "      // BUG: Diagnostic contains: made in `hook(..)`: one more thread with every call",
            "      Runtime.getRuntime().addShutdownHook(new Thread(() -> {}));",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  /** Netty's releaseLater, matched by name so that the check needs no Netty to load. */
  @Test
  void nettyReleaseLater() {
    helper
        .addSourceLines(
            "io/netty/util/ReferenceCountUtil.java",
            "package io.netty.util;",
            "public final class ReferenceCountUtil {",
            "  @Deprecated",
            "  public static <T> T releaseLater(T msg) {",
            "    return msg;",
            "  }",
            "  public static boolean release(Object msg) {",
            "    return true;",
            "  }",
            "}")
        .addSourceLines(
            "Handler.java",
            "import io.netty.util.ReferenceCountUtil;",
            "class Handler {",
            "  void channelRead(Object msg) {",
            "    // BUG: Diagnostic contains: keeps `msg` until the calling thread ends, which for an"
                + " event-loop or pool thread is when the JVM exits, and it is made in"
                + " `channelRead(..)`: one more message with every call. Release it when done"
                + " instead: `ReferenceCountUtil.release(msg)` in a `finally`",
            "    ReferenceCountUtil.releaseLater(msg);",
            "  }",
            "}")
        .doTest();
  }

  /** Hadoop's ShutdownHookManager, named by the flag: the class removes what it registered. */
  @Test
  void userDeclaredRegistrationUndoneThroughWhatItWasGiven() {
    helper
        .setArgs("-XepOpt:Deferlint:JvmLifetimeMethods=com.acme.HookManager.addShutdownHook")
        .addSourceLines(
            "com/acme/HookManager.java",
            "package com.acme;",
            "public final class HookManager {",
            "  public static HookManager get() { return new HookManager(); }",
            "  public void addShutdownHook(Runnable hook, int priority) {}",
            "  public boolean removeShutdownHook(Runnable hook) { return true; }",
            "}")
        .addSourceLines(
            "ServiceShutdownHook.java",
            "import com.acme.HookManager;",
            "class ServiceShutdownHook implements Runnable {",
            "  private final Runnable other = () -> {};",
            "  void register(int priority) {",
            "    unregister();",
            "    HookManager.get().addShutdownHook(this, priority);",
            "  }",
            "  void unregister() {",
            "    HookManager.get().removeShutdownHook(this);",
            "  }",
            "  void start() {",
            "    HookManager.get().addShutdownHook(other, 10);",
            "  }",
            "  void stop() {",
            "    HookManager.get().removeShutdownHook(other);",
            "  }",
            "  void notRemoved() {",
            "    // BUG: Diagnostic contains: one more registration with every call",
            "    HookManager.get().addShutdownHook(() -> {}, 10);",
            "  }",
            "  @Override public void run() {}",
            "}")
        .doTest();
  }

  @Test
  void userDeclaredMethods() {
    helper
        .setArgs(
            "-XepOpt:Deferlint:JvmLifetimeMethods="
                + "com.acme.Hooks.register,com.acme.Hooks.forget")
        .addSourceLines(
            "com/acme/Hooks.java",
            "package com.acme;",
            "public final class Hooks {",
            "  public static void register(Runnable hook) {}",
            "  public static void unregister(Runnable hook) {}",
            "}")
        .addSourceLines(
            "Client.java",
            "import com.acme.Hooks;",
            "class Client {",
            "  static { Hooks.register(() -> {}); }",
            "  Client() {",
            "    // BUG: Diagnostic contains: `Hooks.register(this::close)` keeps what it is given"
                + " until the JVM exits (it is named by"
                + " -XepOpt:Deferlint:JvmLifetimeMethods), and it is made in the constructor of"
                + " `Client`: one more registration with every new `Client`",
            "    Hooks.register(this::close);",
            "    Hooks.unregister(this::close);",
            "  }",
            "  void close() {}",
            "}")
        .doTest();
  }

  /** flink's ShutdownHookUtil: the wrapper returns the hook, its remove method takes it back. */
  @Test
  void userDeclaredRegistrationUndoneThroughWhatItReturns() {
    helper
        .setArgs("-XepOpt:Deferlint:JvmLifetimeMethods=com.acme.Hooks.addShutdownHook")
        .addSourceLines(
            "com/acme/Hooks.java",
            "package com.acme;",
            "public final class Hooks {",
            "  public static Thread addShutdownHook(AutoCloseable service) { return null; }",
            "  public static void removeShutdownHook(Thread hook) {}",
            "}")
        .addSourceLines(
            "Cache.java",
            "import com.acme.Hooks;",
            "class Cache implements AutoCloseable {",
            "  private final Thread shutdownHook;",
            "  Cache() {",
            "    shutdownHook = Hooks.addShutdownHook(this);",
            "  }",
            "  @Override",
            "  public void close() {",
            "    Hooks.removeShutdownHook(shutdownHook);",
            "  }",
            "  void local() {",
            "    Thread hook = Hooks.addShutdownHook(this);",
            "    Hooks.removeShutdownHook(hook);",
            "  }",
            "  private Thread kept;",
            "  private static Thread createHook(Cache cache) {",
            "    return Hooks.addShutdownHook(cache);",
            "  }",
            "  void open() {",
            "    kept = createHook(this);",
            "  }",
            "  void shut() {",
            "    Hooks.removeShutdownHook(kept);",
            "  }",
            "  void notRemoved() {",
            "    // BUG: Diagnostic contains: one more registration with every call",
            "    Thread hook = Hooks.addShutdownHook(this);",
            "    hook.setName(\"kept\");",
            "  }",
            "  void discarded() {",
            "    // BUG: Diagnostic contains: one more registration with every call",
            "    Hooks.addShutdownHook(this);",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void userDeclaredMethodsIgnoredUnlessNamed() {
    helper
        .addSourceLines(
            "com/acme/Hooks.java",
            "package com.acme;",
            "public final class Hooks {",
            "  public static void register(Runnable hook) {}",
            "}")
        .addSourceLines(
            "Client.java",
            "class Client {",
            "  Client() {",
            "    com.acme.Hooks.register(this::close);",
            "  }",
            "  void close() {}",
            "}")
        .doTest();
  }

  @Test
  void malformedFlagIsNamed() {
    AssertionError failure =
        assertThrows(
            AssertionError.class,
            () ->
                helper
                    .setArgs("-XepOpt:Deferlint:JvmLifetimeMethods=Hooks")
                    .addSourceLines("Empty.java", "class Empty {}")
                    .doTest());
    assertThat(failure)
        .hasMessageThat()
        .contains("-XepOpt:Deferlint:JvmLifetimeMethods: expected pkg.Type.method, got 'Hooks'");
  }

  // ---------------------------------------------------------------------------------------------
  // The fix: a deleteOnExit that a finally makes redundant

  private final BugCheckerRefactoringTestHelper refactoring =
      BugCheckerRefactoringTestHelper.newInstance(JvmLifetimeRegistration.class, getClass());

  @Test
  void replacement() {
    refactoring
        .addInputLines(
            "Spill.java",
            "import java.io.File;",
            "import java.io.IOException;",
            "import java.nio.file.Files;",
            "class Spill {",
            "  long spill(byte[] data) throws IOException {",
            "    File tmp = File.createTempFile(\"spill\", \".bin\");",
            "    tmp.deleteOnExit();",
            "    try {",
            "      Files.write(tmp.toPath(), data);",
            "      return tmp.length();",
            "    } finally {",
            "      Files.deleteIfExists(tmp.toPath());",
            "    }",
            "  }",
            "  void inside(byte[] data) throws IOException {",
            "    File tmp = File.createTempFile(\"spill\", \".bin\");",
            "    try {",
            "      tmp.deleteOnExit();",
            "      Files.write(tmp.toPath(), data);",
            "    } finally {",
            "      if (!tmp.delete()) {",
            "        System.err.println(\"left behind: \" + tmp);",
            "      }",
            "    }",
            "  }",
            "}")
        .addOutputLines(
            "Spill.java",
            "import java.io.File;",
            "import java.io.IOException;",
            "import java.nio.file.Files;",
            "class Spill {",
            "  long spill(byte[] data) throws IOException {",
            "    File tmp = File.createTempFile(\"spill\", \".bin\");",
            "    try {",
            "      Files.write(tmp.toPath(), data);",
            "      return tmp.length();",
            "    } finally {",
            "      Files.deleteIfExists(tmp.toPath());",
            "    }",
            "  }",
            "  void inside(byte[] data) throws IOException {",
            "    File tmp = File.createTempFile(\"spill\", \".bin\");",
            "    try {",
            "      Files.write(tmp.toPath(), data);",
            "    } finally {",
            "      if (!tmp.delete()) {",
            "        System.err.println(\"left behind: \" + tmp);",
            "      }",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  /** No fix where the file may outlive the method, or the delete may not run. */
  @Test
  void noReplacementWhereTheFileMayStay() {
    refactoring
        .addInputLines(
            "Kept.java",
            "import java.io.File;",
            "import java.io.IOException;",
            "import java.nio.file.Files;",
            "class Kept {",
            "  private File current;",
            "  File handedOut() throws IOException {",
            "    File tmp = File.createTempFile(\"out\", \".bin\");",
            "    tmp.deleteOnExit();",
            "    return tmp;",
            "  }",
            "  void gap(byte[] data) throws IOException {",
            "    File tmp = File.createTempFile(\"gap\", \".bin\");",
            "    tmp.deleteOnExit();",
            "    Files.write(tmp.toPath(), data);",
            "    try {",
            "      Files.write(tmp.toPath(), data);",
            "    } finally {",
            "      tmp.delete();",
            "    }",
            "  }",
            "  void conditional(byte[] data, boolean keep) throws IOException {",
            "    File tmp = File.createTempFile(\"cond\", \".bin\");",
            "    tmp.deleteOnExit();",
            "    try {",
            "      Files.write(tmp.toPath(), data);",
            "    } finally {",
            "      if (!keep) {",
            "        tmp.delete();",
            "      }",
            "    }",
            "  }",
            "  void copiedFirst(byte[] data, java.nio.file.Path target) throws IOException {",
            "    File tmp = File.createTempFile(\"spill\", \".bin\");",
            "    tmp.deleteOnExit();",
            "    try {",
            "      Files.write(tmp.toPath(), data);",
            "    } finally {",
            "      Files.copy(tmp.toPath(), target);", // throws when target exists: no delete
            "      Files.delete(tmp.toPath());",
            "    }",
            "  }",
            "  void leftFirst(byte[] data, boolean keep) throws IOException {",
            "    File tmp = File.createTempFile(\"spill\", \".bin\");",
            "    tmp.deleteOnExit();",
            "    try {",
            "      Files.write(tmp.toPath(), data);",
            "    } finally {",
            "      if (keep) {",
            "        return;",
            "      }",
            "      tmp.delete();",
            "    }",
            "  }",
            "  File writtenAgain(byte[] scratch, byte[] result) throws IOException {",
            "    File tmp = File.createTempFile(\"spill\", \".bin\");",
            "    tmp.deleteOnExit();",
            "    try {",
            "      Files.write(tmp.toPath(), scratch);",
            "    } finally {",
            "      tmp.delete();",
            "    }",
            "    Files.write(tmp.toPath(), result);", // the same path, made again
            "    return tmp;",
            "  }",
            "  void field(byte[] data) throws IOException {",
            "    current = File.createTempFile(\"field\", \".bin\");",
            "    current.deleteOnExit();",
            "    try {",
            "      Files.write(current.toPath(), data);",
            "    } finally {",
            "      current.delete();",
            "    }",
            "  }",
            "}")
        .expectUnchanged()
        .doTest();
  }
}
