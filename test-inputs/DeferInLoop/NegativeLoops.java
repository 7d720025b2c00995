import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Scope;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/** Loops that register correctly: per-iteration scopes, single iterations, later lambdas. */
class NegativeLoops {
  static void log(Object message) {}

  /** Go's fix: a function literal per iteration; here, a scope per iteration. */
  static void concatenate(List<Path> inputs, OutputStream out) throws IOException {
    for (Path input : inputs) {
      Defer.run(scope -> {
        InputStream in = scope.closing(Files.newInputStream(input));
        in.transferTo(out);
      });
    }
  }

  /** The same with forEach: each element gets its own scope. */
  static void concatenateEach(List<Path> inputs) {
    inputs.forEach(input -> Defer.run(scope -> scope.defer(() -> log("done " + input))));
  }

  /** A search loop registers once, right before it returns. */
  static String firstLine(List<Path> candidates) throws IOException {
    return Defer.call(scope -> {
      for (Path candidate : candidates) {
        if (Files.isReadable(candidate)) {
          BufferedReader reader = scope.closing(Files.newBufferedReader(candidate));
          return reader.readLine();
        }
      }
      return null;
    });
  }

  /** Retries until one attempt works; the registration comes after the loop. */
  static InputStream openWithRetries(Path path, int attempts) throws IOException {
    return Defer.call(scope -> {
      InputStream in = null;
      for (int attempt = 0; in == null && attempt < attempts; attempt++) {
        try {
          in = Files.newInputStream(path);
        } catch (IOException e) {
          log(e);
        }
      }
      if (in == null) {
        throw new IOException("gave up on " + path);
      }
      scope.closing(in);
      return in.readAllBytes().length > 0 ? Files.newInputStream(path) : null;
    });
  }

  /** A loop that always leaves on its first iteration. */
  static void onlyTheFirst(List<Path> paths) throws IOException {
    Defer.run(scope -> {
      for (Path path : paths) {
        InputStream in = scope.closing(Files.newInputStream(path));
        log(in.read());
        break;
      }
      while (!paths.isEmpty()) {
        scope.defer(() -> log("checked"));
        throw new IllegalStateException("not empty");
      }
    });
  }

  /** Leaving both loops with a labeled break after the registration. */
  static void firstMatch(List<List<Path>> groups) throws IOException {
    Defer.run(scope -> {
      search:
      for (List<Path> group : groups) {
        for (Path path : group) {
          if (Files.exists(path)) {
            scope.closing(Files.newInputStream(path));
            break search;
          }
        }
      }
    });
  }

  /** Lambdas in a loop that are not loop bodies run later or elsewhere: not this check's case. */
  static void submitted(List<Path> paths, ExecutorService executor, Consumer<Runnable> later) {
    Defer.run(scope -> {
      for (Path path : paths) {
        executor.execute(() -> scope.defer(() -> log(path)));
        later.accept(() -> scope.defer(() -> log(path)));
        CompletableFuture.runAsync(() -> scope.defer(() -> log(path))).join();
        Optional.ofNullable(path).ifPresent(p -> scope.defer(() -> log(p)));
      }
    });
  }

  /** An anonymous class and a local record in the loop. */
  static void localTypes(List<Path> paths) {
    Defer.run(scope -> {
      for (Path path : paths) {
        Runnable task =
            new Runnable() {
              @Override
              public void run() {
                scope.defer(() -> log(path));
              }
            };
        record Job(Path path, Runnable task) {}
        log(new Job(path, task));
      }
    });
  }

  /** The loop is inside the deferred action, which runs once. */
  static void loopInTheAction(List<Path> paths) {
    Defer.run(scope -> {
      scope.defer(() -> {
        for (Path path : paths) {
          log(path);
        }
      });
    });
  }

  /** Each element is its own scope. */
  static void manyScopes(List<Scope> scopes, Map<String, Scope> named) {
    scopes.forEach(scope -> scope.defer(() -> log(scope)));
    named.forEach((name, scope) -> scope.defer(NegativeLoops::log, name));
    for (Scope scope : scopes) {
      scope.defer(() -> log("bye"));
    }
  }

  /** The iterable expression and the initializer run once. */
  static void headerRunsOnce(Path path) throws IOException {
    Defer.run(scope -> {
      for (String line : scope.closing(Files.newBufferedReader(path)).lines().toList()) {
        log(line);
      }
      for (InputStream in = scope.closing(Files.newInputStream(path)); in.available() > 0; ) {
        log(in.read());
      }
    });
  }

  /** Inner scopes opened per iteration, registering on themselves. */
  static void innerScopes(List<Path> paths) throws IOException {
    Defer.run(outer -> {
      outer.defer(() -> log("all done"));
      for (Path path : paths) {
        Defer.run(inner -> {
          InputStream in = inner.closing(Files.newInputStream(path));
          log(in.read());
        });
      }
    });
  }

  /** A switch expression and streams in the loop without registrations. */
  static List<Integer> sizes(List<String> modes) {
    List<Integer> sizes = new ArrayList<>();
    Defer.run(scope -> {
      scope.defer(() -> log(sizes));
      for (String mode : modes) {
        sizes.add(
            switch (mode) {
              case "big" -> 2;
              default -> {
                int length = mode.length();
                yield length;
              }
            });
      }
    });
    return sizes;
  }

  /** Not the API at all. */
  static void plainLoops(List<AutoCloseable> resources, List<AutoCloseable> all) throws Exception {
    for (AutoCloseable resource : resources) {
      all.add(resource);
    }
    while (!all.isEmpty()) {
      all.remove(0).close();
    }
  }

  /** Closing every element of a collection the program already holds, at the scope's end. */
  static void closeEach(List<AutoCloseable> resources, java.util.Map<String, AutoCloseable> named) {
    Defer.run(scope -> {
      for (AutoCloseable resource : resources) {
        scope.closing(resource);
      }
      resources.forEach(scope::closing);
      named.forEach((name, resource) -> scope.defer(resource::close));
    });
  }
}
