import io.github.deferlint.defer.Defer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Streams over files that no scope closes: the variant reports them as Error Prone does. */
class PositiveUnclosedStreams {
  static void log(Object value) {}

  long counted(Path file) throws IOException {
    return Defer.call(
        scope -> {
          // BUG: Diagnostic contains: closeable resource
          return Files.lines(file).count();
        });
  }

  void keptButNeverRegistered(Path directory) throws IOException {
    Defer.run(
        scope -> {
          // BUG: Diagnostic contains: closeable resource
          Stream<Path> entries = Files.list(directory);
          log(entries.count());
        });
  }

  void anArgumentOfAnActionThatDoesNotCloseIt(Path file) throws IOException {
    // BUG: Diagnostic contains: closeable resource
    Defer.run(scope -> scope.defer(PositiveUnclosedStreams::log, Files.lines(file)));
  }
}
