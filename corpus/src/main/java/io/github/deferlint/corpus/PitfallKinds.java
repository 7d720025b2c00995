package io.github.deferlint.corpus;

import static io.github.deferlint.corpus.Snippet.pitfall;

import java.util.List;

/**
 * The pitfalls the generator plants: one entry per kind, naming the check that must flag the marked
 * line (see docs/checks/ and DESIGN.md). Adding a kind is adding an entry. Each snippet draws
 * exactly one finding, from its own check only, on the marked line, which holds the whole flagged
 * expression so that any of its positions is on that line.
 */
public final class PitfallKinds {
  public static final List<Snippet> ALL =
      List.of(
          // DeferEagerArgument: Go's `defer f(a)` evaluates `a` now.
          pitfall(
              "argumentReassignedLater",
              "DeferEagerArgument",
              """
              void ${m}(String user) {
                Defer.run(scope -> {
                  int attempts = ${n};
                  /*!*/scope.defer(Support::log, user + " after " + attempts);
                  ${filler}
                  attempts = attempts + ${k};
                  Support.log(attempts);
                });
              }
              """),
          pitfall(
              "elapsedNanosOfZero",
              "DeferEagerArgument",
              """
              void ${m}(Support.Conn conn) {
                long start = System.nanoTime();
                Defer.run(scope -> {
                  /*!*/scope.defer(Support::record, System.nanoTime() - start);
                  Support.log(conn.read());
                });
              }
              """),
          pitfall(
              "elapsedDurationOfZero",
              "DeferEagerArgument",
              """
              int ${m}(String name) {
                Instant start = Instant.now();
                return Defer.call(scope -> {
                  /*!*/scope.defer(Support::recordDuration, Duration.between(start, Instant.now()));
                  return Support.compute(name.length());
                });
              }
              """),
          pitfall(
              "receiverReassignedLater",
              "DeferEagerArgument",
              """
              int ${m}(String first, String second) {
                return Defer.call(scope -> {
                  Support.Conn conn = Support.connect(first);
                  /*!*/scope.defer(conn::close);
                  int size = conn.read();
                  conn = Support.connect(second);
                  return size + conn.read();
                });
              }
              """),
          pitfall(
              "fieldReceiverReassignedLater",
              "DeferEagerArgument",
              """
              void ${m}(String next) {
                Defer.run(scope -> {
                  /*!*/scope.defer(current::close);
                  Support.log(current.read());
                  current = Support.connect(next);
                });
              }
              """),
          pitfall(
              "errorAssignedInCatch",
              "DeferEagerArgument",
              """
              void ${m}(String name) {
                Defer.run(scope -> {
                  Exception error = null;
                  /*!*/scope.defer(Support::log, error);
                  try {
                    Support.log(Support.connect(name).read() / ${n});
                  } catch (RuntimeException e) {
                    error = e;
                  }
                });
              }
              """),
          pitfall(
              "helperParameterReassigned",
              "DeferEagerArgument",
              """
              static void ${m}(Scope scope, String phase) {
                /*!*/scope.defer(Support::log, phase);
                ${filler}
                phase = phase + " done";
                Support.log(phase);
              }
              """),
          pitfall(
              "closerReceiverReassignedLater",
              "DeferEagerArgument",
              """
              int ${m}(String first, String second) throws IOException {
                try (Closer closer = Closer.create()) {
                  Support.Channel channel = Support.open(first);
                  /*!*/closer.register(channel::close);
                  int size = channel.read();
                  channel = Support.open(second);
                  return size + channel.read();
                }
              }
              """),

          // DeferInLoop: every iteration adds an action that runs only when the scope ends.
          pitfall(
              "closingInForEach",
              "DeferInLoop",
              """
              int ${m}(List<String> names) {
                return Defer.call(scope -> {
                  int sum = 0;
                  for (String name : names) {
                    /*!*/Support.Conn conn = scope.closing(Support.connect(name));
                    sum += conn.read();
                  }
                  return sum;
                });
              }
              """),
          pitfall(
              "deferInIndexedFor",
              "DeferInLoop",
              """
              void ${m}(int count) {
                Defer.run(scope -> {
                  for (int i = 0; i < count; i++) {
                    int id = i;
                    /*!*/scope.defer(() -> Support.log("cleanup " + id));
                  }
                });
              }
              """),
          pitfall(
              "deferInWhile",
              "DeferInLoop",
              """
              void ${m}(Iterator<String> jobs) {
                Defer.run(scope -> {
                  while (jobs.hasNext()) {
                    String job = jobs.next();
                    /*!*/scope.defer(Support::log, "finished " + job);
                    Support.log(job);
                  }
                });
              }
              """),
          pitfall(
              "closingInDoWhile",
              "DeferInLoop",
              """
              int ${m}(Iterator<String> names) {
                return Defer.call(scope -> {
                  int opened = 0;
                  do {
                    /*!*/Support.Conn conn = scope.closing(Support.connect(names.next()));
                    opened += conn.read();
                  } while (names.hasNext());
                  return opened;
                });
              }
              """),
          pitfall(
              "closingInForEachLambda",
              "DeferInLoop",
              """
              void ${m}(List<String> names) {
                Defer.run(scope -> {
                  /*!*/names.forEach(name -> scope.closing(Support.connect(name)));
                  Support.log(names.size());
                });
              }
              """),
          pitfall(
              "deferInInfiniteLoop",
              "DeferInLoop",
              """
              void ${m}(BlockingQueue<String> queue) throws InterruptedException {
                Defer.run(scope -> {
                  while (true) {
                    String job = queue.take();
                    /*!*/scope.defer(Support::log, "finished " + job);
                    Support.log(job);
                  }
                });
              }
              """),

          // DeferInLoop on Guava's Closer: what it registers stays open until it is closed.
          pitfall(
              "closerRegisterInFor",
              "DeferInLoop",
              """
              int ${m}(List<String> names) throws IOException {
                try (Closer closer = Closer.create()) {
                  int sum = 0;
                  for (String name : names) {
                    /*!*/Support.Channel channel = closer.register(Support.open(name));
                    sum += channel.read();
                  }
                  return sum;
                }
              }
              """),
          pitfall(
              "closerFinallyIdiomInWhile",
              "DeferInLoop",
              """
              void ${m}(Iterator<String> names) throws IOException {
                Closer closer = Closer.create();
                try {
                  while (names.hasNext()) {
                    /*!*/Support.log(closer.register(Support.open(names.next())).read());
                  }
                } catch (Throwable t) {
                  throw closer.rethrow(t);
                } finally {
                  closer.close();
                }
              }
              """),
          pitfall(
              "closerRegisterInForEachLambda",
              "DeferInLoop",
              """
              void ${m}(List<String> names) throws IOException {
                try (Closer closer = Closer.create()) {
                  /*!*/names.forEach(name -> Support.log(closer.register(Support.open(name)).read()));
                }
              }
              """),

          // RecoverOutsideDeferred: recover() only stops a panic directly in a deferred action.
          pitfall(
              "recoverInBody",
              "RecoverOutsideDeferred",
              """
              void ${m}() {
                Defer.run(scope -> {
                  scope.defer(() -> Support.log("cleanup"));
                  ${filler}
                  /*!*/Throwable failure = scope.recover();
                  if (failure != null) {
                    Support.log(failure);
                  }
                });
              }
              """),
          pitfall(
              "deferRecoverItself",
              "RecoverOutsideDeferred",
              """
              void ${m}(String name) {
                Defer.run(scope -> {
                  /*!*/scope.defer(scope::recover);
                  Support.log(Support.connect(name).read());
                });
              }
              """),
          pitfall(
              "recoverOnOuterScope",
              "RecoverOutsideDeferred",
              """
              void ${m}() {
                Defer.run(outer -> {
                  Defer.run(inner -> {
                    /*!*/inner.defer(() -> Support.log(outer.recover()));
                    Support.log("working");
                  });
                });
              }
              """),
          pitfall(
              "recoverInNestedLambda",
              "RecoverOutsideDeferred",
              """
              void ${m}() {
                Defer.run(scope -> {
                  /*!*/scope.defer(() -> Support.runLater(() -> Support.log(scope.recover())));
                  Support.log("working");
                });
              }
              """),

          // DeferredResultMutation: a deferred action against the value `return` produced.
          pitfall(
              "namedResultAlwaysOverwritten",
              "DeferredResultMutation",
              """
              int ${m}(int input) {
                return Defer.named(0, (scope, result) -> {
                  /*!*/scope.defer(() -> result.set(-1));
                  return Support.compute(input);
                });
              }
              """),
          pitfall(
              "namedResultOverwrittenInBlock",
              "DeferredResultMutation",
              """
              String ${m}(String key) {
                return Defer.named("", (scope, result) -> {
                  scope.defer(() -> {
                    Support.log("finishing " + key);
                    /*!*/result.set("fallback");
                  });
                  return Support.lookup(key);
                });
              }
              """),
          pitfall(
              "holderWrittenAfterReturnRead",
              "DeferredResultMutation",
              """
              int ${m}() {
                int[] counter = {${n}};
                return Defer.call(scope -> {
                  /*!*/scope.defer(() -> counter[0] = 200);
                  return counter[0];
                });
              }
              """),
          pitfall(
              "fieldWrittenAfterReturnRead",
              "DeferredResultMutation",
              """
              int ${m}() {
                return Defer.call(scope -> {
                  /*!*/scope.defer(() -> total = ${k});
                  return total;
                });
              }
              """),
          pitfall(
              "setThenReturnAnother",
              "DeferredResultMutation",
              """
              String ${m}(String key) {
                return Defer.named("none", (scope, result) -> {
                  if (key.isEmpty()) {
                    /*!*/result.set("empty");
                    return "unknown";
                  }
                  return Support.lookup(key);
                });
              }
              """),

          // JvmLifetimeRegistration: kept until the JVM exits, one more with every call.
          pitfall(
              "tempFileMarkedPerCall",
              "JvmLifetimeRegistration",
              """
              java.io.File ${m}(byte[] body) throws java.io.IOException {
                java.io.File spool = java.io.File.createTempFile("${s}", ".tmp");
                /*!*/spool.deleteOnExit();
                java.nio.file.Files.write(spool.toPath(), body);
                return spool;
              }
              """),
          pitfall(
              "shutdownHookPerCall",
              "JvmLifetimeRegistration",
              """
              void ${m}(Support.Conn conn) {
                /*!*/Runtime.getRuntime().addShutdownHook(new Thread(conn::close));
                Support.log(conn.read());
              }
              """),

          // ExitSkipsDeferred: the JVM ends inside the scope, its deferred actions never run.
          pitfall(
              "exitAfterClosing",
              "ExitSkipsDeferred",
              """
              void ${m}(String name) {
                Defer.run(scope -> {
                  Support.Conn conn = scope.closing(Support.connect(name));
                  if (conn.read() == 0) {
                    /*!*/System.exit(${k});
                  }
                  Support.log(conn.read());
                });
              }
              """),
          pitfall(
              "fatalHelperAfterDefer",
              "ExitSkipsDeferred",
              """
              void ${m}(String name) {
                Defer.run(scope -> {
                  scope.defer(Support::log, "done " + name);
                  if (name.isEmpty()) {
                    /*!*/fatal${M}("empty name");
                  }
                  Support.log(name);
                });
              }

              private static void fatal${M}(String message) {
                Support.log(message);
                System.exit(${k});
              }
              """),
          pitfall(
              "haltInDeferredAction",
              "ExitSkipsDeferred",
              """
              void ${m}() {
                Defer.run(scope -> {
                  scope.defer(() -> Support.log("flushed"));
                  scope.defer(() -> {
                    Support.log("stopping");
                    /*!*/Runtime.getRuntime().halt(${k});
                  });
                });
              }
              """),
          pitfall(
              "exitInsideCloserTry",
              "ExitSkipsDeferred",
              """
              int ${m}(String name) throws IOException {
                try (Closer closer = Closer.create()) {
                  Support.Channel channel = closer.register(Support.open(name));
                  if (channel.read() < 0) {
                    /*!*/System.exit(${k});
                  }
                  return channel.read();
                }
              }
              """),

          // DeferredLock: the deferred action takes the lock again instead of releasing it.
          pitfall(
              "deferLockRightAfterLock",
              "DeferredLock",
              """
              void ${m}(java.util.concurrent.locks.Lock lock) {
                Defer.run(scope -> {
                  lock.lock();
                  /*!*/scope.defer(lock::lock);
                  Support.log("${s}");
                });
              }
              """),
          pitfall(
              "deferredAcquireInLambda",
              "DeferredLock",
              """
              int ${m}(java.util.concurrent.Semaphore permits) throws InterruptedException {
                return Defer.call(scope -> {
                  permits.acquire();
                  /*!*/scope.defer(() -> permits.acquire());
                  return Support.compute(${n});
                });
              }
              """),
          pitfall(
              "closerRegistersReadLock",
              "DeferredLock",
              """
              void ${m}(java.util.concurrent.locks.ReadWriteLock rw) throws IOException {
                try (Closer closer = Closer.create()) {
                  rw.readLock().lock();
                  /*!*/closer.register(rw.readLock()::lock);
                  Support.log("${s}");
                }
              }
              """),

          // DeferredActionDiscarded: the deferred call returns a cleanup, which is thrown away.
          pitfall(
              "tracedActionDiscarded",
              "DeferredActionDiscarded",
              """
              void ${m}(String task) {
                Defer.run(scope -> {
                  /*!*/scope.defer(() -> Support.span(task));
                  ${filler}
                  Support.log(task);
                });
              }
              """),
          pitfall(
              "timerReferenceDiscarded",
              "DeferredActionDiscarded",
              """
              int ${m}(Support.Conn conn) {
                return Defer.call(scope -> {
                  /*!*/scope.defer(Support::timer, "${s}");
                  return conn.read();
                });
              }
              """),
          pitfall(
              "closerResourceDiscarded",
              "DeferredActionDiscarded",
              """
              int ${m}(String name) throws IOException {
                try (Closer closer = Closer.create()) {
                  /*!*/closer.register(() -> Support.open(name));
                  return name.length();
                }
              }
              """),

          // RecoveredCallReturnsNull: after a recovery the call returns null, used unchecked.
          pitfall(
              "recoveredCallUnboxed",
              "RecoveredCallReturnsNull",
              """
              int ${m}(String text) {
                /*!*/int n = Defer.call(scope -> {
                  scope.defer(() -> Support.log(scope.recover()));
                  return Integer.parseInt(text);
                });
                return n + ${k};
              }
              """),
          pitfall(
              "recoveredCallDereferenced",
              "RecoveredCallReturnsNull",
              """
              int ${m}(String key) {
                /*!*/String value = Defer.call(scope -> {
                  scope.defer(() -> {
                    if (scope.recover() != null) {
                      Support.log("lookup failed: " + key);
                    }
                  });
                  return Support.lookup(key);
                });
                ${filler}
                return value.length();
              }
              """),
          pitfall(
              "recoveredCallReturnedAsPrimitive",
              "RecoveredCallReturnsNull",
              """
              long ${m}(List<String> names) {
                /*!*/return Defer.call(scope -> {
                  scope.defer(() -> {
                    Throwable failure = scope.recover();
                    if (failure instanceof IndexOutOfBoundsException) {
                      Support.log("no names");
                    } else if (failure != null) {
                      throw new IllegalStateException(failure);
                    }
                  });
                  return (long) names.get(0).length();
                });
              }
              """));

  private PitfallKinds() {}
}
