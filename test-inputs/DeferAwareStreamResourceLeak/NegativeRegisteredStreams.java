import io.github.deferlint.defer.Defer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Streams over files that a scope closes: nothing leaks, nothing to report. */
class NegativeRegisteredStreams {
  long lineCount(Path file) throws IOException {
    return Defer.call(scope -> scope.closing(Files.lines(file)).count());
  }

  long entries(Path directory) throws IOException {
    return Defer.call(
        scope -> {
          Stream<Path> entries = scope.closing(Files.list(directory));
          Stream<Path> tree = scope.closing(Files.walk(directory));
          return entries.count() + tree.count();
        });
  }

  int directoryEntries(Path directory) throws IOException {
    return Defer.call(
        scope -> {
          DirectoryStream<Path> stream = Files.newDirectoryStream(directory);
          scope.defer(stream::close);
          int count = 0;
          for (Path entry : stream) {
            count += entry.getNameCount();
          }
          return count;
        });
  }

  long tryWithResources(Path file) throws IOException {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    }
  }
}
