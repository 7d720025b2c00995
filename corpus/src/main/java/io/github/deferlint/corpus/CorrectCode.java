package io.github.deferlint.corpus;

import static io.github.deferlint.corpus.Snippet.correct;

import java.util.List;

/**
 * Correct code the generator mixes with the pitfalls. The idioms are the cases DESIGN.md lists as
 * not flagged, written on purpose: a check that flags one of them cries wolf.
 */
public final class CorrectCode {
  /** The deferral API used correctly. */
  public static final List<Snippet> IDIOMS =
      List.of(
          correct(
              "hookOncePerProcess",
              """
              private static final java.util.concurrent.atomic.AtomicBoolean HOOKED_${M} =
                  new java.util.concurrent.atomic.AtomicBoolean();

              void ${m}() {
                if (HOOKED_${M}.compareAndSet(false, true)) {
                  Runtime.getRuntime().addShutdownHook(new Thread(() -> Support.log("bye")));
                }
              }
              """),
          correct(
              "tempFileDeletedWhenDone",
              """
              long ${m}(byte[] body) throws java.io.IOException {
                java.nio.file.Path spool = java.nio.file.Files.createTempFile("${s}", ".tmp");
                try {
                  java.nio.file.Files.write(spool, body);
                  return java.nio.file.Files.size(spool);
                } finally {
                  java.nio.file.Files.deleteIfExists(spool);
                }
              }
              """),
          correct(
              "valueNeverReassigned",
              """
              void ${m}(String user) {
                Defer.run(scope -> {
                  int attempts = ${n};
                  ${filler}
                  scope.defer(Support::log, user + " after " + attempts);
                });
              }
              """),
          correct(
              "closingInLoopWithOwnScope",
              """
              int ${m}(List<String> names) {
                int sum = 0;
                for (String name : names) {
                  sum += Defer.call(inner -> {
                    Support.Conn conn = inner.closing(Support.connect(name));
                    return conn.read();
                  });
                }
                return sum;
              }
              """),
          correct(
              "closerPerIteration",
              """
              int ${m}(List<String> names) throws IOException {
                int sum = 0;
                for (String name : names) {
                  try (Closer closer = Closer.create()) {
                    sum += closer.register(Support.open(name)).read();
                  }
                }
                return sum;
              }
              """),
          correct(
              "closerFinallyIdiom",
              """
              int ${m}(String name) throws IOException {
                Closer closer = Closer.create();
                try {
                  Support.Channel channel = closer.register(Support.open(name));
                  ${filler}
                  return channel.read();
                } catch (Throwable t) {
                  throw closer.rethrow(t);
                } finally {
                  closer.close();
                }
              }
              """),
          correct(
              "closerReturnedToTheCaller",
              """
              Closer ${m}(List<String> names) {
                Closer closer = Closer.create();
                for (String name : names) {
                  closer.register(Support.open(name));
                }
                return closer;
              }
              """),
          correct(
              "forEachWithOwnScope",
              """
              void ${m}(List<String> names) {
                names.forEach(name -> Defer.run(scope -> {
                  Support.Conn conn = scope.closing(Support.connect(name));
                  Support.log(conn.read());
                }));
              }
              """),
          correct(
              "recoverInDeferredAction",
              """
              String ${m}(int input) {
                return Defer.named("ok", (scope, result) -> {
                  scope.defer(() -> {
                    Throwable failure = scope.recover();
                    if (failure != null) {
                      result.set("failed: " + failure.getMessage());
                    }
                  });
                  if (input < ${n}) {
                    throw Defer.panic("input below ${n}: " + input);
                  }
                  return "value " + Support.compute(input);
                });
              }
              """),
          correct(
              "recoverToError",
              """
              Exception ${m}(Runnable work) {
                return Defer.named(null, (scope, result) -> {
                  scope.defer(() -> {
                    Throwable failure = scope.recover();
                    if (failure instanceof Exception exception) {
                      result.set(exception);
                    }
                  });
                  work.run();
                  return null;
                });
              }
              """),
          correct(
              "privateRecoverHelperInDeferredAction",
              """
              private static void report${M}(Scope scope) {
                Throwable failure = scope.recover();
                if (failure != null) {
                  Support.log(failure);
                }
              }

              void ${m}(String name) {
                Defer.run(scope -> {
                  scope.defer(() -> report${M}(scope));
                  Support.log(Support.connect(name).read());
                });
              }
              """),
          correct(
              "publicRecoverHelper",
              """
              public static void ${m}(Scope scope, List<Throwable> sink) {
                Throwable failure = scope.recover();
                if (failure != null) {
                  sink.add(failure);
                }
              }
              """),
          correct(
              "goTimingIdiom",
              """
              void ${m}(String task) {
                Defer.run(scope -> {
                  scope.defer(Support::trace, task, System.nanoTime());
                  scope.defer(Support::log, Instant.now());
                  ${filler}
                });
              }
              """),
          correct(
              "lambdaReadsWhenItRuns",
              """
              void ${m}() {
                Defer.run(scope -> {
                  StringBuilder status = new StringBuilder("running");
                  scope.defer(() -> Support.log(status));
                  ${filler}
                  status.setLength(0);
                  status.append("done ${s}");
                });
              }
              """),
          correct(
              "reassignedOnlyInOtherBranch",
              """
              void ${m}(boolean verbose) {
                Defer.run(scope -> {
                  String level = "info";
                  if (verbose) {
                    scope.defer(Support::log, level);
                  } else {
                    level = "debug";
                  }
                  Support.log(level);
                });
              }
              """),
          correct(
              "callChainIdiom",
              """
              void ${m}(Support.Pool pool) {
                Defer.run(scope -> scope.defer(pool.get()::release));
              }
              """),
          correct(
              "finalFieldReceiver",
              """
              void ${m}(String name) {
                Defer.run(scope -> {
                  scope.defer(tasks::runAll);
                  scope.defer(this::flush);
                  tasks.defer(() -> Support.log(name));
                });
              }
              """),
          correct(
              "guardedByCurrentValue",
              """
              String ${m}(String key) {
                return Defer.named("", (scope, result) -> {
                  scope.defer(() -> {
                    if (result.get().isEmpty()) {
                      result.set("default-" + key);
                    }
                  });
                  return Support.lookup(key);
                });
              }
              """),
          correct(
              "transformedResult",
              """
              int ${m}(int input) {
                return Defer.named(0, (scope, result) -> {
                  scope.defer(() -> result.set(result.get() * ${k}));
                  return Support.compute(input);
                });
              }
              """),
          correct(
              "genericNamedResult",
              """
              <T extends Comparable<T>> T ${m}(List<T> items) {
                return Defer.named(items.get(0), (scope, result) -> {
                  scope.defer(() -> Support.log("max " + result.get()));
                  T best = items.get(0);
                  for (T item : items) {
                    if (item.compareTo(best) > 0) {
                      best = item;
                    }
                  }
                  return best;
                });
              }
              """),
          correct(
              "nestedScopes",
              """
              int ${m}(String first, String second) {
                return Defer.call(outer -> {
                  Support.Conn a = outer.closing(Support.connect(first));
                  int innerRead = Defer.call(scope -> {
                    Support.Conn b = scope.closing(Support.connect(second));
                    scope.defer(() -> Support.log("closing " + second));
                    return b.read();
                  });
                  outer.defer(Support::log, "read " + innerRead);
                  return a.read() + innerRead;
                });
              }
              """),
          correct(
              "scopeAlias",
              """
              void ${m}(String name) {
                Defer.run(scope -> {
                  Scope cleanup = scope;
                  cleanup.defer(() -> Support.log("alias " + name));
                  ${filler}
                });
              }
              """),
          correct(
              "helperRegistersOnCallersScope",
              """
              private static Support.Conn open${M}(Scope scope, String name) {
                return scope.closing(Support.connect(name));
              }

              int ${m}(String name) {
                return Defer.call(scope -> open${M}(scope, name).read());
              }
              """),
          correct(
              "loopLeavesAfterFirstIteration",
              """
              int ${m}(List<String> names) {
                return Defer.call(scope -> {
                  for (String name : names) {
                    Support.Conn conn = scope.closing(Support.connect(name));
                    return conn.read();
                  }
                  return -1;
                });
              }
              """),
          correct(
              "lambdasInLoopAreNotBodies",
              """
              List<Runnable> ${m}(List<String> names) {
                List<Runnable> tasks = new ArrayList<>();
                for (String name : names) {
                  tasks.add(() -> Defer.run(scope -> scope.defer(() -> Support.log(name))));
                }
                return tasks;
              }
              """),
          correct(
              "loopWithoutRegistrationInScope",
              """
              int ${m}(List<Support.Point> points) {
                return Defer.call(scope -> {
                  scope.defer(Support::log, "summed " + points.size());
                  int sum = 0;
                  for (Support.Point p : points) {
                    sum += p.x() * p.y();
                  }
                  return sum;
                });
              }
              """),
          correct(
              "twoArguments",
              """
              void ${m}(String name) {
                Defer.run(scope -> {
                  scope.defer(Support::pair, name, ${n});
                  Support.log(name.length());
                });
              }
              """),
          correct(
              "errorHolderReadWhenActionRuns",
              """
              void ${m}(String name) {
                Defer.run(scope -> {
                  Exception[] error = {null};
                  scope.defer(() -> Support.log(error[0]));
                  try {
                    Support.log(Support.connect(name).read() / ${n});
                  } catch (RuntimeException e) {
                    error[0] = e;
                  }
                });
              }
              """),
          correct(
              "switchExpressionInScope",
              """
              String ${m}(Object value) {
                return Defer.call(scope -> {
                  scope.defer(() -> Support.log("described " + value));
                  if (value instanceof Integer i && i > ${n}) {
                    return "big " + i;
                  }
                  if (value instanceof Support.Point point) {
                    return "point " + (point.x() + point.y());
                  }
                  return switch (String.valueOf(value).length() % 3) {
                    case 0 -> "text";
                    case 1 -> "short";
                    default -> "other";
                  };
                });
              }
              """),
          correct(
              "anonymousClassOpensScope",
              """
              Runnable ${m}(String name) {
                return new Runnable() {
                  @Override
                  public void run() {
                    Defer.run(scope -> scope.defer(() -> Support.log("ran " + name)));
                  }
                };
              }
              """),
          correct(
              "tryWithResourcesInScope",
              """
              int ${m}(String name) {
                return Defer.call(scope -> {
                  scope.defer(Support::log, "read " + name);
                  try (Support.Conn conn = Support.connect(name)) {
                    return conn.read();
                  }
                });
              }
              """),
          correct(
              "unrelatedDeferMethods",
              """
              void ${m}(List<String> names) {
                Support.Tasks later = new Support.Tasks();
                for (String name : names) {
                  later.defer(() -> Support.log(name));
                  later.closing(Support.connect(name));
                }
                Support.log(later.recover());
                later.runAll();
              }
              """),

          // Exits where no deferred action is still to run, or in code that runs elsewhere.
          correct(
              "exitAfterTheScopeEnded",
              """
              void ${m}(String name) {
                int status = Defer.call(scope -> {
                  Support.Conn conn = scope.closing(Support.connect(name));
                  return conn.read() == 0 ? ${k} : 0;
                });
                if (status != 0) {
                  System.exit(status);
                }
              }
              """),
          correct(
              "exitBeforeTheFirstRegistration",
              """
              void ${m}(String name) {
                Defer.run(scope -> {
                  if (name.isEmpty()) {
                    System.exit(${k});
                  }
                  scope.defer(Support::log, "done " + name);
                  ${filler}
                });
              }
              """),
          correct(
              "haltOnAWatchdogThread",
              """
              void ${m}(Runnable work) {
                Defer.run(scope -> {
                  scope.defer(() -> Support.log("stopped"));
                  Thread watchdog = new Thread(() -> Runtime.getRuntime().halt(${k}));
                  watchdog.setDaemon(true);
                  work.run();
                });
              }
              """),

          // Deferred releases, and deferred acquires that mean it.
          correct(
              "lockThenDeferUnlock",
              """
              void ${m}(java.util.concurrent.locks.Lock lock) {
                Defer.run(scope -> {
                  lock.lock();
                  scope.defer(lock::unlock);
                  ${filler}
                });
              }
              """),
          correct(
              "unlockForTheScopeThenTakeBack",
              """
              void ${m}(java.util.concurrent.locks.Lock lock, Runnable listener) {
                Defer.run(scope -> {
                  lock.unlock();
                  scope.defer(lock::lock);
                  listener.run();
                });
              }
              """),
          correct(
              "awaitWorkersOnASignal",
              """
              void ${m}(List<Runnable> jobs) {
                java.util.concurrent.Semaphore finished = new java.util.concurrent.Semaphore(0);
                Defer.run(scope -> {
                  scope.defer(() -> finished.acquire(jobs.size()));
                  for (Runnable job : jobs) {
                    Support.runLater(() -> {
                      job.run();
                      finished.release();
                    });
                  }
                });
              }
              """),

          // Not DeferredActionDiscarded: cleanups registered themselves, values that are none.
          correct(
              "tracedActionRegisteredNow",
              """
              int ${m}(Support.Conn conn) {
                return Defer.call(scope -> {
                  scope.defer(Support.span("${s}"));
                  scope.closing(Support.timer("${s}"));
                  ${filler}
                  return conn.read();
                });
              }
              """),
          correct(
              "deferredCallsReturningNoCleanup",
              """
              void ${m}(StringBuilder out, List<String> names) {
                Defer.run(scope -> {
                  scope.defer(() -> out.append("done ").append(names.size()));
                  scope.defer(() -> names.add("${s}"));
                  scope.defer(() -> { Support.span("block lambda, on purpose"); });
                  ${filler}
                });
              }
              """),

          // Not RecoveredCallReturnsNull: a named fallback, a null check, a rethrow.
          correct(
              "namedFallbackAfterRecovery",
              """
              int ${m}(String text) {
                return Defer.named(-1, (scope, result) -> {
                  scope.defer(() -> Support.log(scope.recover()));
                  return Integer.parseInt(text);
                });
              }
              """),
          correct(
              "recoveredCallNullChecked",
              """
              int ${m}(String text) {
                Integer n = Defer.call(scope -> {
                  scope.defer(() -> Support.log(scope.recover()));
                  return Integer.parseInt(text);
                });
                ${filler}
                return n == null ? -1 : n + ${k};
              }
              """),
          correct(
              "recoveredAndRethrown",
              """
              int ${m}(String text) {
                return Defer.call(scope -> {
                  scope.defer(() -> {
                    Throwable failure = scope.recover();
                    if (failure != null) {
                      Support.log("bad input: " + text);
                      throw new IllegalArgumentException(text, failure);
                    }
                  });
                  return Integer.parseInt(text);
                });
              }
              """));

  /** Ordinary code that does not use the API. */
  public static final List<Snippet> PLAIN =
      List.of(
          correct(
              "sumAbove",
              """
              static int ${m}(int[] values) {
                int sum = 0;
                for (int value : values) {
                  if (value > ${n}) {
                    sum += value;
                  }
                }
                return sum;
              }
              """),
          correct(
              "longWords",
              """
              static List<String> ${m}(List<String> words) {
                return words.stream()
                    .filter(word -> word.length() > ${k})
                    .map(String::trim)
                    .sorted()
                    .collect(Collectors.toList());
              }
              """),
          correct(
              "shout",
              """
              static String ${m}(String text) {
                StringBuilder out = new StringBuilder();
                try {
                  for (int i = 0; i < text.length(); i++) {
                    out.append(Character.toUpperCase(text.charAt(i)));
                  }
                } finally {
                  out.append('.');
                }
                return out.toString();
              }
              """),
          correct(
              "describe",
              """
              static String ${m}(Object value) {
                if (value instanceof Support.Point point && point.x() == point.y()) {
                  return "diagonal";
                }
                return switch (String.valueOf(value).length() % 3) {
                  case 0 -> "${s}";
                  case 1 -> {
                    String shorter = String.valueOf(value).substring(0, 1);
                    yield shorter;
                  }
                  default -> "other";
                };
              }
              """),
          correct(
              "readAll",
              """
              static int ${m}(List<String> names) {
                int total = 0;
                for (String name : names) {
                  try (Support.Conn conn = Support.connect(name)) {
                    total += conn.read();
                  } catch (RuntimeException e) {
                    Support.log(e);
                  }
                }
                return total;
              }
              """),
          correct(
              "retry",
              """
              static int ${m}(java.util.function.IntSupplier attempt) {
                int tries = 0;
                while (true) {
                  try {
                    return attempt.getAsInt();
                  } catch (IllegalStateException e) {
                    if (++tries > ${n}) {
                      throw e;
                    }
                  }
                }
              }
              """));

  /** What {@code ${filler}} becomes: ordinary statements, or nothing. */
  static final List<String> FILLERS =
      List.of(
          "",
          """
          int sum${u} = 0;
          for (int i${u} = 0; i${u} < ${n}; i${u}++) {
            sum${u} += i${u} * i${u};
          }
          Support.log(sum${u});
          """,
          """
          List<String> words${u} = List.of("${s}", "b", "cc");
          words${u}.stream().filter(w${u} -> w${u}.length() > 1).forEach(Support::log);
          """,
          """
          switch ((${n} + 1) % 3) {
            case 0 -> Support.log("none");
            case 1 -> Support.log("one");
            default -> Support.log("many");
          }
          """,
          """
          try {
            Support.log(Integer.parseInt("${n}"));
          } catch (NumberFormatException e${u}) {
            Support.log(e${u});
          }
          """,
          """
          Runnable tick${u} = () -> Support.log("tick ${s}");
          tick${u}.run();
          """);

  private CorrectCode() {}
}
