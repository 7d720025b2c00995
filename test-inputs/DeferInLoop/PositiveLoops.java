import io.github.deferlint.defer.Defer;
import io.github.deferlint.defer.Scope;
import io.github.deferlint.defer.ScopeBody;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;

/** Registrations that pile up in loops: Go's defer in a for loop. */
class PositiveLoops {
  static void log(Object message) {}

  /** The classic: every file stays open until the whole copy is done. */
  static void concatenate(List<Path> inputs, OutputStream out) throws IOException {
    Defer.run(scope -> {
      for (Path input : inputs) {
        // BUG: Diagnostic contains: on every iteration of the loop on line 27
        InputStream in = scope.closing(Files.newInputStream(input));
        in.transferTo(out);
      }
    });
  }

  /** A helper given the caller's scope: its loop piles up on a scope opened outside it. */
  static void openAll(Scope scope, Map<String, String> urls, Map<String, Connection> into)
      throws SQLException {
    for (Map.Entry<String, String> entry : urls.entrySet()) {
      // BUG: Diagnostic contains: none is closed before the caller's scope `scope` ends
      Connection connection = scope.closing(DriverManager.getConnection(entry.getValue()));
      into.put(entry.getKey(), connection);
    }
  }

  /** Lambdas given to forEach are loop bodies too. */
  static void tagAll(List<String> names, Map<String, Lock> locks) {
    Defer.run(scope -> {
      names.forEach(
          // BUG: Diagnostic contains: for every element of the forEach on line 50
          name -> scope.defer(() -> log("done " + name)));
      locks.forEach((name, lock) -> {
        lock.lock();
        // BUG: Diagnostic contains: registers an action for every element
        scope.defer(lock::unlock);
        log(name);
      });
      Iterator<String> rest = names.iterator();
      // BUG: Diagnostic contains: forEach on line 59
      rest.forEachRemaining(name -> scope.defer(PositiveLoops::log, name));
    });
  }

  /** A stream that makes what it registers: one reader per element, all kept to the end. */
  static void readAllAtOnce(List<String> texts) {
    Defer.run(scope -> {
      // BUG: Diagnostic contains: `scope::closing` registers a resource for every element
      texts.stream().filter(t -> !t.isEmpty()).map(java.io.StringReader::new).forEach(scope::closing);
    });
  }

  /** A server loop never ends, so its deferred closes never run. */
  static void serve(ServerSocket server) throws IOException {
    Defer.run(scope -> {
      while (true) {
        // BUG: Diagnostic contains: the loop on line 74, which never ends (only an exception
        Socket client = scope.closing(server.accept());
        client.getOutputStream().write('\n');
      }
    });
  }

  /** A break in a switch or an inner loop is not a way out of the outer loop. */
  static void poll(Iterator<String> commands) {
    Defer.run(scope -> {
      for (;;) {
        String command = commands.hasNext() ? commands.next() : "idle";
        switch (command) {
          case "idle":
            break;
          default:
            log(command);
        }
        // BUG: Diagnostic contains: the actions never run and their list grows without bound
        scope.defer(PositiveLoops::log, command);
      }
    });
  }

  /** The inner loop ends, the outer one does not. */
  static void tailForever(Path log) throws IOException {
    Defer.run(scope -> {
      do {
        for (String line : Files.readAllLines(log)) {
          // BUG: Diagnostic contains: inside the loop on line 102, which never ends
          scope.defer(PositiveLoops::log, line);
        }
      } while (true);
    });
  }

  /** A scope given to a lambda is opened by whoever runs it, outside the lambda's loop. */
  static final ScopeBody<IOException> READ_ALL =
      scope -> {
        for (Path path : List.of(Path.of("a"), Path.of("b"))) {
          // BUG: Diagnostic contains: none is closed before the scope passed in as `scope` ends
          BufferedReader reader = scope.closing(Files.newBufferedReader(path));
          log(reader.readLine());
        }
      };

  /** Registering on the outer scope from an inner one still piles up on the outer one. */
  static void nested(List<Path> paths) throws IOException {
    Defer.run(outer -> {
      for (Path path : paths) {
        Defer.run(inner -> {
          inner.defer(() -> log("inner done"));
          // BUG: Diagnostic contains: loop on line 124
          InputStream in = outer.closing(Files.newInputStream(path));
          log(in.read());
        });
      }
    });
  }

  /** A labeled continue skips to the next outer iteration: the outer loop repeats it. */
  static void firstLineOfEach(List<List<Path>> groups) throws IOException {
    Defer.run(scope -> {
      outer:
      for (List<Path> group : groups) {
        for (Path path : group) {
          // BUG: Diagnostic contains: loop on line 139
          BufferedReader reader = scope.closing(Files.newBufferedReader(path));
          log(reader.readLine());
          continue outer;
        }
      }
    });
  }

  /** A condition and an update run on every iteration as well. */
  static void conditionAndUpdate(Iterator<InputStream> streams) {
    Defer.run(scope -> {
      // BUG: Diagnostic contains: loop on line 154
      while (streams.hasNext() && scope.closing(streams.next()) != null) {
        log("opened");
      }
      // BUG: Diagnostic contains: loop on line 158
      for (int i = 0; i < 3; i++, scope.defer(PositiveLoops::log, "step")) {
        log(i);
      }
    });
  }

  /** A generic helper over any scope type. */
  static <S extends Scope> void generic(S scope, List<Path> paths) throws IOException {
    for (Path path : paths) {
      // BUG: Diagnostic contains: registers a resource on every iteration
      scope.closing(Files.newInputStream(path));
    }
  }

  /** A switch expression in the loop body is just code of the body. */
  static void switchExpression(List<String> modes) {
    Defer.run(scope -> {
      for (String mode : modes) {
        int level =
            switch (mode) {
              case "loud" -> {
                // BUG: Diagnostic contains: registers an action on every iteration
                scope.defer(() -> log("quiet again"));
                yield 2;
              }
              default -> 0;
            };
        log(level);
      }
    });
  }
}
