package io.github.deferlint.defer;

import static io.github.deferlint.defer.TestActions.throwing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@code recover()} stops the throwable in flight only inside a running deferred action of the same
 * scope, on the scope's thread; everywhere else it returns null and changes nothing.
 */
class RecoverTest {

  /** What each call of {@code recover()} returned, in call order; null entries included. */
  private final List<Throwable> recovered = new ArrayList<>();

  @Test
  void recoverInADeferredActionReturnsTheBodysThrowableAndStopsIt() {
    IllegalStateException failure = new IllegalStateException("body failed");

    Defer.run(
        scope -> {
          scope.defer(() -> recovered.add(scope.recover()));
          throw failure;
        });

    assertEquals(List.of(failure), recovered);
  }

  @Test
  void recoverOfAPanicReturnsThePanicCarryingTheValue() {
    Object value = new Object();

    Panic panic = recoveredPanicOf(value);
    assertSame(value, panic.value());
  }

  @Test
  void panicAlwaysThrowsEvenWhenItsResultIsNotThrown() {
    Panic panic = assertThrows(Panic.class, () -> Defer.panic("value"));

    assertEquals("value", panic.value());
  }

  @Test
  void aPanicWithAThrowableValueHasItAsCause() {
    IOException cause = new IOException("underlying");

    Panic panic = recoveredPanicOf(cause);
    assertSame(cause, panic.value());
    assertSame(cause, panic.getCause());
  }

  @Test
  void aPanicWithNullIsRecoveredAsAPanicWhoseValueIsNull() {
    Panic panic = recoveredPanicOf(null);
    assertNull(panic.value());
  }

  /** A panic value whose toString() throws, as a half-initialised object's may. */
  private static final class UnprintableValue {
    int printed;

    @Override
    public String toString() {
      printed++;
      throw new IllegalStateException("not printable yet");
    }
  }

  @Test
  void aPanicKeepsItsValueWhateverTheValuesToStringDoes() {
    UnprintableValue value = new UnprintableValue();

    Panic panic = recoveredPanicOf(value);
    assertSame(value, panic.value());
    // Go calls a panic value's String() only to print it: so does Panic, for its message.
    assertEquals(0, value.printed);
    assertTrue(panic.getMessage().startsWith("panic: " + UnprintableValue.class.getName() + "@"));
    assertTrue(
        panic.getMessage().endsWith("(its toString() threw java.lang.IllegalStateException)"),
        panic.getMessage());
  }

  @Test
  void aPanicsMessageIsPanicAndTheValue() {
    assertEquals(
        "panic: index out of range",
        assertThrows(Panic.class, () -> Defer.panic("index out of range")).getMessage());
    assertEquals("panic: null", assertThrows(Panic.class, () -> Defer.panic(null)).getMessage());
  }

  @Test
  void recoverInTheBodyReturnsNullAndDoesNotStopTheLaterThrowable() {
    IllegalStateException failure = new IllegalStateException("body failed");

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                Defer.run(
                    scope -> {
                      recovered.add(scope.recover());
                      throw failure;
                    }));

    assertSame(failure, thrown);
    assertEquals(singletonNull(), recovered);
  }

  @Test
  void recoverInADeferredActionWithNothingInFlightReturnsNull() {
    Defer.run(scope -> scope.defer(() -> recovered.add(scope.recover())));

    assertEquals(singletonNull(), recovered);
  }

  @Test
  void aSecondRecoverReturnsNullInTheSameActionAndInLaterOnes() {
    IllegalStateException failure = new IllegalStateException("body failed");

    Defer.run(
        scope -> {
          scope.defer(() -> recovered.add(scope.recover()));
          scope.defer(
              () -> {
                recovered.add(scope.recover());
                recovered.add(scope.recover());
              });
          throw failure;
        });

    assertEquals(listOf(failure, null, null), recovered);
  }

  @Test
  void recoverOnAnotherThreadReturnsNullAndTheThrowableKeepsPropagating() {
    IllegalStateException failure = new IllegalStateException("body failed");

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                Defer.run(
                    scope -> {
                      scope.defer(() -> recovered.add(recoverOnAnotherThread(scope)));
                      throw failure;
                    }));

    assertSame(failure, thrown);
    assertEquals(singletonNull(), recovered);
  }

  @Test
  void aRecoverOnAnotherThreadLeavesTheThrowableForTheOwnerToRecover() {
    IllegalStateException failure = new IllegalStateException("body failed");

    Defer.run(
        scope -> {
          scope.defer(() -> recovered.add(scope.recover()));
          scope.defer(() -> recovered.add(recoverOnAnotherThread(scope)));
          throw failure;
        });

    assertEquals(listOf(null, failure), recovered);
  }

  private static Throwable recoverOnAnotherThread(Scope scope) throws InterruptedException {
    AtomicReference<Throwable> result = new AtomicReference<>(new AssertionError("never ran"));
    Thread other = new Thread(() -> result.set(scope.recover()));
    other.start();
    other.join();
    return result.get();
  }

  @Test
  void recoverOnAScopeThatEndedByAThrowableReturnsNull() {
    AtomicReference<Scope> escapedScope = new AtomicReference<>();
    IllegalStateException failure = new IllegalStateException("body failed");

    assertThrows(
        IllegalStateException.class,
        () ->
            Defer.run(
                scope -> {
                  escapedScope.set(scope);
                  throw failure;
                }));

    assertNull(escapedScope.get().recover());
  }

  @Test
  void recoverOnAnOuterScopeFromAnInnerScopesActionReturnsNullWhileTheOuterBodyRuns() {
    IllegalStateException failure = new IllegalStateException("inner body failed");

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                Defer.run(
                    outer ->
                        Defer.run(
                            inner -> {
                              inner.defer(() -> recovered.add(outer.recover()));
                              throw failure;
                            })));

    assertSame(failure, thrown);
    assertEquals(singletonNull(), recovered);
  }

  @Test
  void aLaterActionRecoversWhatAnEarlierActionThrew() {
    IOException flushFailure = new IOException("flush failed");
    List<String> log = new ArrayList<>();

    Defer.run(
        scope -> {
          scope.defer(() -> recovered.add(scope.recover()));
          scope.defer(throwing(flushFailure));
          log.add("body");
        });

    assertEquals(List.of(flushFailure), recovered);
    assertEquals(List.of("body"), log);
  }

  @Test
  void aThrowableAfterARecoveryIsANewPanicThatPropagates() {
    IllegalStateException first = new IllegalStateException("body failed");
    IllegalArgumentException second = new IllegalArgumentException("after the recovery");

    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Defer.run(
                    scope -> {
                      scope.defer(throwing(second));
                      scope.defer(() -> recovered.add(scope.recover()));
                      throw first;
                    }));

    assertSame(second, thrown);
    assertEquals(0, thrown.getSuppressed().length);
    assertEquals(List.of(first), recovered);
  }

  @Test
  void afterRecoveringTheBodysThrowableCallReturnsNull() {
    String value =
        Defer.call(
            scope -> {
              scope.defer(() -> recovered.add(scope.recover()));
              throw Defer.panic("no value");
            });

    assertNull(value);
    assertEquals(1, recovered.size());
  }

  /** As in Go: the body's {@code return} had set the result before the deferred panic. */
  @Test
  void afterRecoveringAnActionsThrowableCallReturnsTheBodysValue() {
    String value =
        Defer.call(
            scope -> {
              scope.defer(() -> recovered.add(scope.recover()));
              scope.defer(
                  () -> {
                    throw Defer.panic("in an action");
                  });
              return "value";
            });

    assertEquals("value", value);
    assertEquals(1, recovered.size());
  }

  @Test
  void aVirtualMachineErrorIsNeverRecoveredAndKeepsPropagating() {
    StackOverflowError overflow = new StackOverflowError("in the body");

    StackOverflowError thrown =
        assertThrows(
            StackOverflowError.class,
            () ->
                Defer.run(
                    scope -> {
                      scope.defer(() -> recovered.add(scope.recover()));
                      throw overflow;
                    }));

    assertSame(overflow, thrown);
    assertEquals(singletonNull(), recovered);
  }

  @Test
  void recoveringAnInterruptedExceptionReassertsTheInterruptFlag() throws InterruptedException {
    InterruptedException interruption = new InterruptedException("while waiting");
    try {
      Defer.run(
          scope -> {
            scope.defer(() -> recovered.add(scope.recover()));
            throw interruption;
          });

      assertEquals(List.of(interruption), recovered);
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void actionsAfterRecoveringAnInterruptedExceptionRunWithTheInterruptFlagSet()
      throws InterruptedException {
    List<Boolean> interruptedInLaterAction = new ArrayList<>();
    try {
      Defer.run(
          scope -> {
            scope.defer(() -> interruptedInLaterAction.add(Thread.currentThread().isInterrupted()));
            scope.defer(() -> recovered.add(scope.recover()));
            throw new InterruptedException("while waiting");
          });

      assertEquals(List.of(true), interruptedInLaterAction);
    } finally {
      Thread.interrupted();
    }
  }

  /**
   * Java cannot see whether a deferred action calls {@code recover()} directly, as Go requires:
   * anywhere within a running action of the scope, on its thread, it recovers. The
   * RecoverOutsideDeferred check flags the indirect forms at compile time.
   */
  @Test
  void recoverWorksAnywhereWithinARunningActionOfTheScope() {
    IllegalStateException failure = new IllegalStateException("body failed");

    Defer.run(
        outer -> {
          outer.defer(() -> Defer.run(inner -> inner.defer(() -> recovered.add(outer.recover()))));
          throw failure;
        });

    assertEquals(List.of(failure), recovered);
  }

  /** What a deferred action recovers when the body panics with {@code value}. */
  private Panic recoveredPanicOf(@Nullable Object value) {
    Defer.run(
        scope -> {
          scope.defer(() -> recovered.add(scope.recover()));
          throw Defer.panic(value);
        });
    return (Panic) recovered.get(0);
  }

  private static List<Throwable> singletonNull() {
    return listOf((Throwable) null);
  }

  /**
   * Like List.of, but with nulls: {@code recover()} returning null is what several tests expect.
   */
  private static List<Throwable> listOf(Throwable... throwables) {
    return Arrays.asList(throwables);
  }
}
