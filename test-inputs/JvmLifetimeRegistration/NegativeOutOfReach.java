import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Real leaks the check cannot see, kept here so that the page's list of them stays true: none is
 * flagged, and each comment says why.
 */
class NegativeOutOfReach {

  /**
   * apache/dubbo#71: a hook added in a static initializer keeps the class, and its class loader,
   * after a web application is undeployed: one per redeployment. Static initializers run once per
   * class loader, and the check takes them as once.
   */
  static final class AbstractConfig {
    static {
      Runtime.getRuntime().addShutdownHook(new Thread(AbstractConfig::destroyAll));
    }

    static void destroyAll() {}
  }

  /**
   * sshtools/maverick-synergy#96: the default engine registered its hook twice, under the lazy
   * singleton's guard: bounded, so not this check's business, though the second one leaked.
   */
  static final class SshEngine {
    private static SshEngine defaultInstance;
    private final Thread shutdownHook = new Thread(SshEngine::shutdownNow);

    static synchronized SshEngine getDefaultInstance() {
      if (defaultInstance == null) {
        defaultInstance = new SshEngine();
        defaultInstance.startup();
        Runtime.getRuntime().addShutdownHook(new Thread(SshEngine::shutdownNow));
      }
      return defaultInstance;
    }

    private void startup() {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    void shutdown() {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    }

    static void shutdownNow() {}
  }

  /**
   * A registration reached only through a call chain: the upload handler calls a library's
   * wrapper for every upload. The check flags the wrapper where it is compiled (commons-io's
   * FileUtils.forceDeleteOnExit is, in that project's build), not the handler; name the wrapper
   * with -XepOpt:Deferlint:JvmLifetimeMethods=pkg.Type.method to have the handler flagged.
   */
  static final class UploadHandler {
    File receive(byte[] body) throws IOException {
      File upload = File.createTempFile("upload", ".bin");
      Files.write(upload.toPath(), body);
      TempFiles.forceDeleteOnExit(upload);
      return upload;
    }
  }

  /** Stands for the library's wrapper, compiled elsewhere in reality. */
  static final class TempFiles {
    @SuppressWarnings("JvmLifetimeRegistration") // A wrapper: its callers decide how often.
    static void forceDeleteOnExit(File file) {
      file.deleteOnExit();
    }
  }
}
