package io.github.deferlint.checks;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

/**
 * The identification tests follow {@link DeferEagerArgument} top-down: which registrations it looks
 * at, then for each value the clock rule and the variables it reads now, then the bound receiver,
 * then when an assignment to one of those counts as later.
 */
final class DeferEagerArgumentTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(DeferEagerArgument.class, getClass());

  /**
   * Only registrations that defer: {@code closing(resource)} captures its resource on purpose, but
   * {@code closing} given a function written inline defers it.
   */
  @Test
  void identificationRegistrationsThatDefer() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import io.github.deferlint.defer.Defer;",
            "import java.io.InputStream;",
            "import java.nio.file.Files;",
            "import java.nio.file.Path;",
            "class Negatives {",
            "  void notTheApi(java.util.function.BiConsumer<Object, Object> c) {",
            "    int a = 1;",
            "    c.accept(a, a);",
            "    a = 2;",
            "  }",
            "  void closingCapturesOnPurpose(Path p) throws Exception {",
            "    Defer.run(scope -> {",
            "      InputStream in = Files.newInputStream(p);",
            "      scope.closing(in);",
            "      in = Files.newInputStream(p);",
            "      in.close();",
            "    });",
            "  }",
            "}")
        .addSourceLines(
            "Positives.java",
            "import io.github.deferlint.defer.Defer;",
            "class Positives {",
            "  interface Connection extends AutoCloseable { @Override void close(); }",
            "  static Connection open() { return null; }",
            "  void closingAMethodReference() {",
            "    Defer.run(scope -> {",
            "      Connection c = open();",
            "      // BUG: Diagnostic contains: The method reference binds `c` now",
            "      scope.closing(c::close);",
            "      c = open();",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  /**
   * A value that computes an elapsed time from a clock read now; a plain timestamp is the start of
   * a measurement, and code in a lambda runs when called.
   */
  @Test
  void identificationElapsedTimes() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import com.google.common.base.Stopwatch;",
            "import io.github.deferlint.defer.Defer;",
            "import java.time.Duration;",
            "import java.time.Instant;",
            "import java.util.function.Supplier;",
            "class Negatives {",
            "  static void log(Object o) {}",
            "  static void record(long nanos) {}",
            "  static void report(Supplier<Duration> elapsed) {}",
            "  static void trace(String name, long start) {}",
            "  void startTimestampOnPurpose() {",
            "    Defer.run(scope -> {",
            "      scope.defer(Negatives::trace, \"load\", System.nanoTime());",
            "      scope.defer(Negatives::log, Instant.now());",
            "    });",
            "  }",
            "  void stopwatchHandedOn(Stopwatch watch) {",
            "    Defer.run(scope -> scope.defer(Negatives::log, watch));",
            "  }",
            "  void clockReadLate(long start) {",
            "    Defer.run(scope -> scope.defer(() -> record(System.nanoTime() - start)));",
            "  }",
            "  void clockReadInALambdaValue(Instant start) {",
            "    Defer.run(scope -> scope.defer(",
            "        Negatives::report, (Supplier<Duration>) () -> Duration.between(start, Instant.now())));",
            "  }",
            "}")
        .addSourceLines(
            "Positives.java",
            "import com.google.common.base.Stopwatch;",
            "import io.github.deferlint.defer.Defer;",
            "import java.time.Duration;",
            "import java.time.Instant;",
            "import java.util.function.Supplier;",
            "class Positives {",
            "  static void log(Object o) {}",
            "  static void record(long nanos) {}",
            "  static void record(Duration d) {}",
            "  void elapsedNanos(long start) {",
            "    // BUG: Diagnostic contains: elapsed time of about zero",
            "    Defer.run(scope -> scope.defer(Positives::record, System.nanoTime() - start));",
            "  }",
            "  void elapsedDuration(Instant start) {",
            "    Defer.run(scope -> {",
            "      // BUG: Diagnostic contains: `Instant.now()` is read when the action runs",
            "      scope.defer(Positives::record, Duration.between(start, Instant.now()));",
            "    });",
            "  }",
            "  void elapsedMillis(Instant start) {",
            "    Defer.run(scope -> {",
            "      // BUG: Diagnostic contains: elapsed time",
            "      scope.defer(Positives::log, Instant.now().toEpochMilli() - start.toEpochMilli());",
            "    });",
            "  }",
            "  void stopwatchElapsed(Stopwatch watch) {",
            "    // BUG: Diagnostic contains: `watch.elapsed()` is computed now",
            "    Defer.run(scope -> scope.defer(Positives::record, watch.elapsed()));",
            "  }",
            "  void clockReadInALambdaCalledNow(Instant start) {",
            "    Defer.run(scope -> {",
            "      // BUG: Diagnostic contains: elapsed time of about zero",
            "      scope.defer(Positives::record, ((Supplier<Duration>) () -> Duration.between(start, Instant.now())).get());",
            "    });",
            "  }",
            "  void clockReadInAnAnonymousClassCalledNow(Instant start) {",
            "    Defer.run(scope -> {",
            "      // BUG: Diagnostic contains: elapsed time of about zero",
            "      scope.defer(Positives::record, new Supplier<Duration>() { public Duration get() { return Duration.between(start, Instant.now()); } }.get());",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  /** The variables a value reads now: locals and parameters, not what a lambda reads later. */
  @Test
  void identificationVariablesReadNow() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import io.github.deferlint.defer.Defer;",
            "class Negatives {",
            "  static void log(Object o) {}",
            "  void lambdaReadsLate() {",
            "    Defer.run(scope -> {",
            "      int[] a = {1};",
            "      scope.defer(() -> log(a[0]));",
            "      a[0] = 99;",
            "    });",
            "  }",
            "}")
        .addSourceLines(
            "Positives.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Scope;",
            "class Positives {",
            "  static void log(Object o) {}",
            "  void goClassic() {",
            "    Defer.run(scope -> {",
            "      int a = 1;",
            "      // BUG: Diagnostic contains: `a + 1` is evaluated now, at registration: the"
                + " deferred call will see `a` as it is here",
            "      scope.defer(Positives::log, a + 1);",
            "      a = 99;",
            "    });",
            "  }",
            "  void parameterOfHelper(Scope scope, int attempt) {",
            "    // BUG: Diagnostic contains: `attempt`",
            "    scope.defer(Positives::log, attempt);",
            "    attempt++;",
            "  }",
            "}")
        .doTest();
  }

  /** The receiver a method reference binds now: a variable that the code may point elsewhere. */
  @Test
  void identificationBoundReceivers() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import io.github.deferlint.defer.Defer;",
            "class Negatives {",
            "  interface Pool { Lease get(); }",
            "  interface Lease { void release(); }",
            "  void callChainIdiom(Pool pool) {",
            "    Defer.run(scope -> scope.defer(pool.get()::release));",
            "  }",
            "}")
        .addSourceLines(
            "Positives.java",
            "import io.github.deferlint.defer.Defer;",
            "class Positives {",
            "  interface Connection extends AutoCloseable { @Override void close(); }",
            "  Connection conn;",
            "  static Connection open() { return null; }",
            "  void receiverReassigned() {",
            "    Defer.run(scope -> {",
            "      Connection c = open();",
            "      // BUG: Diagnostic contains: binds `c` now",
            "      scope.defer(c::close);",
            "      c = open();",
            "    });",
            "  }",
            "  void fieldReceiverReassigned() {",
            "    Defer.run(scope -> {",
            "      // BUG: Diagnostic contains: binds field `conn` now",
            "      scope.defer(conn::close);",
            "      conn = open();",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  /**
   * A receiver assigned again is reported only when its new object can reach the end of the scope,
   * or be replaced, with no registration taking it: reopen, register, reopen, register handles
   * every object (the Go suites' false alarm).
   */
  @Test
  void identificationReboundReceiversLeftUnregistered() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import io.github.deferlint.defer.Defer;",
            "class Negatives {",
            "  interface Connection extends AutoCloseable { @Override void close(); }",
            "  static Connection open() { return null; }",
            "  static void use(Object o) {}",
            "  void reopenRegisterEach() {",
            "    Defer.run(scope -> {",
            "      Connection c = open();",
            "      scope.defer(c::close);",
            "      use(c);",
            "      c = open();",
            "      scope.defer(c::close);",
            "      use(c);",
            "    });",
            "  }",
            "  void newOneHandedToClosing(boolean again) {",
            "    Defer.run(scope -> {",
            "      Connection c = open();",
            "      scope.defer(c::close);",
            "      if (again) {",
            "        c = scope.closing(open());",
            "      }",
            "    });",
            "  }",
            "  void clearedAfterUse() {",
            "    Defer.run(scope -> {",
            "      Connection c = open();",
            "      scope.defer(c::close);",
            "      use(c);",
            "      c = null;",
            "      c = (Connection) (null);",
            "      use(c);",
            "    });",
            "  }",
            "}")
        .addSourceLines(
            "Positives.java",
            "import io.github.deferlint.defer.Defer;",
            "class Positives {",
            "  interface Connection extends AutoCloseable { @Override void close(); }",
            "  static Connection open() { return null; }",
            "  void registeredOnOneBranchOnly(boolean keep) {",
            "    Defer.run(scope -> {",
            "      Connection c = open();",
            "      // BUG: Diagnostic contains: can reach the end of the scope, or be replaced",
            "      scope.defer(c::close);",
            "      c = open();",
            "      if (keep) {",
            "        scope.defer(c::close);",
            "      }",
            "    });",
            "  }",
            "  void replacedBeforeItIsRegistered() {",
            "    Defer.run(scope -> {",
            "      Connection c = open();",
            "      // BUG: Diagnostic contains: binds `c` now",
            "      scope.defer(c::close);",
            "      c = open();",
            "      c = open();",
            "      scope.defer(c::close);",
            "    });",
            "  }",
            "  void clearedThenReopened() {",
            "    Defer.run(scope -> {",
            "      Connection c = open();",
            "      // BUG: Diagnostic contains: the one assigned on line 32",
            "      scope.defer(c::close);",
            "      c = null;",
            "      c = open();",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  /**
   * An assignment that may run after the registration while its scope is open: none to a final
   * local; on the source, one in a loop around or stored after it, outside the other branch; on the
   * graph, one reachable from it before the variable is declared again; not a {@code for} loop's
   * update; not after a scope held in a local is closed; the earliest one.
   */
  @Test
  void identificationLaterAssignments() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import com.google.common.io.Closer;",
            "import io.github.deferlint.defer.Defer;",
            "import java.io.IOException;",
            "import java.nio.file.Files;",
            "import java.nio.file.Path;",
            "import java.util.List;",
            "import java.util.function.Supplier;",
            "class Negatives {",
            "  interface Connection extends AutoCloseable { @Override void close(); }",
            "  static Connection open() { return null; }",
            "  static void log(Object o) {}",
            "  void neverReassigned() {",
            "    Defer.run(scope -> {",
            "      int a = 1;",
            "      scope.defer(Negatives::log, a + 1);",
            "    });",
            "  }",
            "  void freshVariableEachIteration(List<Path> paths) throws Exception {",
            "    Defer.run(scope -> {",
            "      for (Path p : paths) {",
            "        var in = Files.newInputStream(p);",
            "        scope.defer(in::close);",
            "      }",
            "    });",
            "  }",
            "  void assignedInOtherLambda() {",
            "    Defer.run(scope -> {",
            "      int a = 1;",
            "      scope.defer(Negatives::log, a);",
            "      Supplier<Integer> s = () -> { int b = 2; b = 3; return b; };",
            "    });",
            "  }",
            "  void assignedOnceOnEachPath(boolean verbose) {",
            "    Defer.run(scope -> {",
            "      String level;",
            "      if (verbose) {",
            "        level = \"debug\";",
            "      } else {",
            "        level = \"info\";",
            "      }",
            "      scope.defer(Negatives::log, level);",
            "    });",
            "  }",
            "  void assignedBefore() {",
            "    Defer.run(scope -> {",
            "      int a = 1;",
            "      a = 2;",
            "      scope.defer(Negatives::log, a);",
            "    });",
            "  }",
            "  void otherBranch(boolean c) {",
            "    Defer.run(scope -> {",
            "      int a = 1;",
            "      if (c) {",
            "        scope.defer(Negatives::log, a);",
            "      } else {",
            "        a = 5;",
            "      }",
            "    });",
            "  }",
            "  void returnsBeforeTheAssignment(boolean done) {",
            "    Defer.run(scope -> {",
            "      int a = 1;",
            "      if (done) {",
            "        scope.defer(Negatives::log, a);",
            "        return;",
            "      }",
            "      a = 2;",
            "    });",
            "  }",
            "  void declaredAgainEachIteration(boolean more) {",
            "    Defer.run(scope -> {",
            "      while (more) {",
            "        int n = 0;",
            "        n += 1;",
            "        scope.defer(Negatives::log, n);",
            "      }",
            "    });",
            "  }",
            "  void loopCounterCapturedEachIteration() {",
            "    Defer.run(scope -> {",
            "      for (int i = 0; i < 3; i++) {",
            "        scope.defer(Negatives::log, i);",
            "      }",
            "    });",
            "  }",
            "  void assignedAfterTheCloserIsClosed() throws IOException {",
            "    Connection c = open();",
            "    try (Closer closer = Closer.create()) {",
            "      closer.register(c::close);",
            "    }",
            "    c = open();",
            "  }",
            "}")
        .addSourceLines(
            "Positives.java",
            "import com.google.common.io.Closer;",
            "import io.github.deferlint.defer.Defer;",
            "import java.io.IOException;",
            "class Positives {",
            "  interface Connection extends AutoCloseable { @Override void close(); }",
            "  static Connection open() { return null; }",
            "  static void log(Object o) {}",
            "  void otherBranchOnTheNextIteration(java.util.List<String> names) {",
            "    Defer.run(scope -> {",
            "      String last = \"none\";",
            "      for (String name : names) {",
            "        if (name.isEmpty()) {",
            "          // BUG: Diagnostic contains: `last`",
            "          scope.defer(Positives::log, last);",
            "        } else {",
            "          last = name;",
            "        }",
            "      }",
            "    });",
            "  }",
            "  void errorAssignedInCatch() {",
            "    Defer.run(scope -> {",
            "      Exception err = null;",
            "      // BUG: Diagnostic contains: `err` as it is here",
            "      scope.defer(Positives::log, err);",
            "      try {",
            "        open();",
            "      } catch (RuntimeException e) {",
            "        err = e;",
            "      }",
            "    });",
            "  }",
            "  void reassignedInFinally() {",
            "    Defer.run(scope -> {",
            "      String state = \"start\";",
            "      try {",
            "        // BUG: Diagnostic contains: `state`",
            "        scope.defer(Positives::log, state);",
            "      } finally {",
            "        state = \"done\";",
            "      }",
            "    });",
            "  }",
            "  void reassignedWhileTheCloserIsOpen() throws IOException {",
            "    Closer closer = Closer.create();",
            "    try {",
            "      Connection c = open();",
            "      // BUG: Diagnostic contains: binds `c` now, at registration: the deferred call acts"
                + " on the object it holds here",
            "      closer.register(c::close);",
            "      c = open();",
            "    } finally {",
            "      closer.close();",
            "    }",
            "  }",
            "}")
        // The message names the line of the assignment, which each of these files shows.
        .addSourceLines(
            "BackEdge.java",
            "import io.github.deferlint.defer.Defer;",
            "class BackEdge {",
            "  static void log(Object o) {}",
            "  void reassignedThroughBackEdge(boolean more) {",
            "    Defer.run(scope -> {",
            "      int n = 0;",
            "      while (more) {",
            "        n += 1;",
            "        // BUG: Diagnostic contains: not as assigned on line 8",
            "        scope.defer(BackEdge::log, n);",
            "      }",
            "    });",
            "  }",
            "}")
        .addSourceLines(
            "StoredAfter.java",
            "import io.github.deferlint.defer.Defer;",
            "class StoredAfter {",
            "  static void log(Object o) {}",
            "  void assignedByTheEnclosingSwitch(int k) {",
            "    Defer.run(scope -> {",
            "      String state = \"start\";",
            "      state = switch (k) {",
            "        default -> {",
            "          // BUG: Diagnostic contains: `state`",
            "          scope.defer(StoredAfter::log, state);",
            "          yield \"done\";",
            "        }",
            "      };",
            "      log(state);",
            "    });",
            "  }",
            "}")
        .addSourceLines(
            "Earliest.java",
            "import io.github.deferlint.defer.Defer;",
            "class Earliest {",
            "  static void log(Object o) {}",
            "  void assignedTwiceAfter() {",
            "    Defer.run(scope -> {",
            "      int a = 1;",
            "      // BUG: Diagnostic contains: not as assigned on line 9",
            "      scope.defer(Earliest::log, a);",
            "      a = 2;",
            "      a = 3;",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void replacement() {
    BugCheckerRefactoringTestHelper.newInstance(DeferEagerArgument.class, getClass())
        .addInputLines(
            "Timing.java",
            "import io.github.deferlint.defer.Defer;",
            "import java.time.Duration;",
            "import java.time.Instant;",
            "class Timing {",
            "  interface Metrics { void record(long nanos); void record(Duration d); }",
            "  static void log(Object o) {}",
            "  void nanos(Metrics metrics, long start) {",
            "    Defer.run(scope -> scope.defer(metrics::record, System.nanoTime() - start));",
            "  }",
            "  void duration(Metrics metrics, Instant start) {",
            "    Defer.run(scope -> scope.defer(metrics::record, Duration.between(start, Instant.now())));",
            "  }",
            "  void staticTarget(long start) {",
            "    Defer.run(scope -> scope.defer(Timing::log, System.currentTimeMillis() - start));",
            "  }",
            "}")
        .addOutputLines(
            "Timing.java",
            "import io.github.deferlint.defer.Defer;",
            "import java.time.Duration;",
            "import java.time.Instant;",
            "class Timing {",
            "  interface Metrics { void record(long nanos); void record(Duration d); }",
            "  static void log(Object o) {}",
            "  void nanos(Metrics metrics, long start) {",
            "    Defer.run(scope -> scope.defer(() -> metrics.record(System.nanoTime() - start)));",
            "  }",
            "  void duration(Metrics metrics, Instant start) {",
            "    Defer.run(scope -> scope.defer(() -> metrics.record(Duration.between(start, Instant.now()))));",
            "  }",
            "  void staticTarget(long start) {",
            "    Defer.run(scope -> scope.defer(() -> Timing.log(System.currentTimeMillis() - start)));",
            "  }",
            "}")
        .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
  }

  /**
   * A method reference resolves with the registration's boxed value: where the method is
   * overloaded, the lambda casts the value to the parameter type the reference chose, so that it
   * calls the same method; where that type is generic, no fix is offered.
   */
  /** The values and receiver beside the elapsed time stay evaluated at registration. */
  @Test
  void replacementOnlyWhereNothingElseIsEvaluatedLater() {
    BugCheckerRefactoringTestHelper.newInstance(DeferEagerArgument.class, getClass())
        .addInputLines(
            "Snapshots.java",
            "import io.github.deferlint.defer.Defer;",
            "import java.util.function.LongConsumer;",
            "class Snapshots {",
            "  static final String LOAD = \"load\";",
            "  static void record(String phase, long nanos) {}",
            "  private String phase = \"load\";",
            "  private final String name = \"load\";",
            "  private LongConsumer metrics = nanos -> {};",
            "  private final LongConsumer finalMetrics = nanos -> {};",
            "  void fieldSnapshot(long start) {",
            "    Defer.run(scope -> scope.defer(Snapshots::record, phase, System.nanoTime() - start));",
            "  }",
            "  void callSnapshot(long start) {",
            "    Defer.run(scope -> scope.defer(Snapshots::record, phase(), System.nanoTime() - start));",
            "  }",
            "  void fieldReceiver(long start) {",
            "    Defer.run(scope -> scope.defer(metrics::accept, System.nanoTime() - start));",
            "  }",
            "  void stable(long start, String local) {",
            "    Defer.run(scope -> scope.defer(Snapshots::record, LOAD, System.nanoTime() - start));",
            "    Defer.run(scope -> scope.defer(Snapshots::record, local, System.nanoTime() - start));",
            "    Defer.run(scope -> scope.defer(Snapshots::record, name, System.nanoTime() - start));",
            "    Defer.run(scope -> scope.defer(finalMetrics::accept, System.nanoTime() - start));",
            "  }",
            "  String phase() {",
            "    return phase;",
            "  }",
            "}")
        .addOutputLines(
            "Snapshots.java",
            "import io.github.deferlint.defer.Defer;",
            "import java.util.function.LongConsumer;",
            "class Snapshots {",
            "  static final String LOAD = \"load\";",
            "  static void record(String phase, long nanos) {}",
            "  private String phase = \"load\";",
            "  private final String name = \"load\";",
            "  private LongConsumer metrics = nanos -> {};",
            "  private final LongConsumer finalMetrics = nanos -> {};",
            "  void fieldSnapshot(long start) {",
            "    Defer.run(scope -> scope.defer(Snapshots::record, phase, System.nanoTime() - start));",
            "  }",
            "  void callSnapshot(long start) {",
            "    Defer.run(scope -> scope.defer(Snapshots::record, phase(), System.nanoTime() - start));",
            "  }",
            "  void fieldReceiver(long start) {",
            "    Defer.run(scope -> scope.defer(metrics::accept, System.nanoTime() - start));",
            "  }",
            "  void stable(long start, String local) {",
            "    Defer.run(scope -> scope.defer(() -> Snapshots.record(LOAD, System.nanoTime() - start)));",
            "    Defer.run(scope -> scope.defer(() -> Snapshots.record(local, System.nanoTime() - start)));",
            "    Defer.run(scope -> scope.defer(() -> Snapshots.record(name, System.nanoTime() - start)));",
            "    Defer.run(scope -> scope.defer(() -> finalMetrics.accept(System.nanoTime() - start)));",
            "  }",
            "  String phase() {",
            "    return phase;",
            "  }",
            "}")
        .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
  }

  @Test
  void replacementKeepsTheOverloadTheReferenceChose() {
    BugCheckerRefactoringTestHelper.newInstance(DeferEagerArgument.class, getClass())
        .addInputLines(
            "Overloads.java",
            "import io.github.deferlint.defer.Defer;",
            "class Overloads {",
            "  static void record(long nanos) {}",
            "  static void record(Object value) {}",
            "  static void count(long nanos) {}",
            "  static void count(java.io.Serializable value) {}",
            "  static void rank(long nanos) {}",
            "  static void rank(Comparable<Long> value) {}",
            "  void boxedToObject(long start) {",
            "    Defer.run(scope -> scope.defer(Overloads::record, System.nanoTime() - start));",
            "  }",
            "  void boxedToAnInterfaceNotImported(long start) {",
            "    Defer.run(scope -> scope.defer(Overloads::count, System.nanoTime() - start));",
            "  }",
            "  void boxedToAGenericType(long start) {",
            "    Defer.run(scope -> scope.defer(Overloads::rank, System.nanoTime() - start));",
            "  }",
            "}")
        .addOutputLines(
            "Overloads.java",
            "import io.github.deferlint.defer.Defer;",
            "class Overloads {",
            "  static void record(long nanos) {}",
            "  static void record(Object value) {}",
            "  static void count(long nanos) {}",
            "  static void count(java.io.Serializable value) {}",
            "  static void rank(long nanos) {}",
            "  static void rank(Comparable<Long> value) {}",
            "  void boxedToObject(long start) {",
            "    Defer.run(scope -> scope.defer(() -> Overloads.record((Object) (System.nanoTime() - start))));",
            "  }",
            "  void boxedToAnInterfaceNotImported(long start) {",
            "    Defer.run(scope -> scope.defer(() -> Overloads.count((java.io.Serializable) (System.nanoTime() - start))));",
            "  }",
            "  void boxedToAGenericType(long start) {",
            "    Defer.run(scope -> scope.defer(Overloads::rank, System.nanoTime() - start));",
            "  }",
            "}")
        .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
  }
}
