package io.github.deferlint.defer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A scope belongs to the thread that opened it and lives as long as its body and its actions; a
 * registration is either accepted and run, or rejected with an exception, never dropped.
 */
class ScopeLifetimeTest {

  private final List<String> log = new ArrayList<>();

  private volatile Scope scopeOfTheOwner;

  /** One way to register an action that logs "ran" when it runs. */
  interface Registration {
    void registerOn(Scope scope, List<String> log);
  }

  static Stream<Named<Registration>> everyRegistrationForm() {
    return Stream.of(
        Named.<Registration>of("defer(action)", (scope, log) -> scope.defer(() -> log.add("ran"))),
        Named.<Registration>of(
            "defer(action, a)", (scope, log) -> scope.defer(a -> log.add("ran"), "a")),
        Named.<Registration>of(
            "defer(action, a, b)", (scope, log) -> scope.defer((a, b) -> log.add("ran"), "a", "b")),
        Named.<Registration>of(
            "closing(resource)", (scope, log) -> scope.closing(() -> log.add("ran"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRegistrationForm")
  void registeringAfterTheScopeEndedRunsTheActionAtOnceAndThrowsIllegalStateException(
      Registration registration) {
    Scope ended = Defer.call(scope -> scope);

    IllegalStateException rejected =
        assertThrows(IllegalStateException.class, () -> registration.registerOn(ended, log));

    assertTrue(rejected.getMessage().contains("ended"), rejected.getMessage());
    assertEquals(List.of("ran"), log);
  }

  @Test
  void closingOnAnEndedScopeClosesTheResourceAndKeepsWhatCloseThrew() {
    Scope ended = Defer.call(scope -> scope);
    IllegalStateException closeFailure = new IllegalStateException("close failed");

    IllegalStateException rejected =
        assertThrows(
            IllegalStateException.class,
            () ->
                ended.closing(
                    () -> {
                      log.add("closed");
                      throw closeFailure;
                    }));

    assertEquals(List.of("closed"), log);
    assertTrue(rejected.getMessage().contains("closed at once"), rejected.getMessage());
    assertArrayEquals(new Throwable[] {closeFailure}, rejected.getSuppressed());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRegistrationForm")
  void registeringFromAnotherThreadRunsTheActionThereAndThrowsIllegalStateException(
      Registration registration) throws InterruptedException {
    AtomicReference<Throwable> onOtherThread = new AtomicReference<>();

    Defer.run(
        scope -> {
          Thread other =
              new Thread(
                  () -> {
                    try {
                      registration.registerOn(scope, log);
                    } catch (Throwable t) {
                      onOtherThread.set(t);
                    }
                  });
          other.start();
          other.join();
          scope.defer(() -> log.add("owner's action"));
        });

    assertTrue(onOtherThread.get() instanceof IllegalStateException, onOtherThread::toString);
    assertTrue(onOtherThread.get().getMessage().contains("thread"));
    // "ran" by the other thread, at once; then the owner's scope ends.
    assertEquals(List.of("ran", "owner's action"), log);
  }

  @Test
  void registeringFromAnotherThreadWhileTheScopeUnwindsRunsTheActionThere() {
    AtomicReference<Throwable> onOtherThread = new AtomicReference<>();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    Thread other =
        new Thread(
            () -> {
              try {
                scopeOfTheOwner.defer(() -> ranOn.set(Thread.currentThread()));
              } catch (Throwable t) {
                onOtherThread.set(t);
              }
            });

    Defer.run(
        scope -> {
          scopeOfTheOwner = scope;
          scope.defer(
              () -> {
                other.start();
                other.join();
                log.add("owner's action went on");
              });
        });

    assertTrue(onOtherThread.get() instanceof IllegalStateException, onOtherThread::toString);
    assertSame(other, ranOn.get());
    assertEquals(List.of("owner's action went on"), log);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRegistrationForm")
  void aRegistrationFromARunningActionIsAcceptedAndRuns(Registration registration) {
    Defer.run(scope -> scope.defer(() -> registration.registerOn(scope, log)));

    assertEquals(List.of("ran"), log);
  }

  @Test
  void nullActionsAndResourcesAreRejectedAtRegistration() {
    Defer.run(
        scope -> {
          assertThrows(NullPointerException.class, () -> scope.defer((Deferred) null));
          assertThrows(
              NullPointerException.class, () -> scope.defer((Deferred1<String>) null, "a"));
          assertThrows(
              NullPointerException.class,
              () -> scope.defer((Deferred2<String, String>) null, "a", "b"));
          assertThrows(NullPointerException.class, () -> scope.closing((AutoCloseable) null));
          scope.defer(() -> log.add("the scope still works"));
        });

    assertEquals(List.of("the scope still works"), log);
  }

  @Test
  void closingReturnsItsArgumentAndClosesInLineWithTheOtherActions() {
    AutoCloseable first = () -> log.add("close first");
    AutoCloseable second = () -> log.add("close second");

    Defer.run(
        scope -> {
          assertSame(first, scope.closing(first));
          scope.defer(() -> log.add("action between"));
          assertSame(second, scope.closing(second));
        });

    assertEquals(List.of("close second", "action between", "close first"), log);
  }

  @Test
  void anInnerScopeFinishesItsActionsBeforeTheOuterBodyGoesOn() {
    Defer.run(
        outer -> {
          outer.defer(() -> log.add("outer action"));
          Defer.run(inner -> inner.defer(() -> log.add("inner action")));
          log.add("outer body after inner scope");
        });

    assertEquals(List.of("inner action", "outer body after inner scope", "outer action"), log);
  }

  @Test
  void aThrowableFromAnInnerScopeRunsEveryEnclosingScopesActions() {
    IllegalStateException failure = new IllegalStateException("innermost body failed");

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                Defer.run(
                    outer -> {
                      outer.defer(() -> log.add("outer action"));
                      Defer.run(
                          inner -> {
                            inner.defer(() -> log.add("inner action"));
                            throw failure;
                          });
                      log.add("outer body went on");
                    }));

    assertSame(failure, thrown);
    assertEquals(List.of("inner action", "outer action"), log);
  }

  @Test
  void twoThousandNestedScopesUnwindInnermostFirstAndTheOutermostRecovers() throws Exception {
    int depth = 2_000;
    List<Integer> unwound = new ArrayList<>();
    AtomicReference<Throwable> recovered = new AtomicReference<>();

    // On a thread with a known stack: whether 2,000 frames fit the default one depends on the
    // JVM and on whether the JIT has compiled them yet, which is not what this test is about.
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread deep =
        new Thread(
            null,
            () -> {
              try {
                Defer.run(
                    outermost -> {
                      outermost.defer(() -> recovered.set(outermost.recover()));
                      nest(depth, unwound);
                    });
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "deep-nesting",
            256L << 20);
    deep.start();
    deep.join();
    assertNull(failure.get(), () -> "unexpected " + failure.get());

    assertEquals(depth, unwound.size());
    for (int i = 0; i < depth; i++) {
      assertEquals(i + 1, unwound.get(i));
    }
    assertEquals("bottom", ((Panic) recovered.get()).value());
  }

  /** Opens {@code levels} nested scopes, each deferring a record of its level, then panics. */
  private static void nest(int levels, List<Integer> unwound) {
    Defer.run(
        scope -> {
          scope.defer(unwound::add, levels);
          if (levels == 1) {
            throw Defer.panic("bottom");
          }
          nest(levels - 1, unwound);
        });
  }
}
