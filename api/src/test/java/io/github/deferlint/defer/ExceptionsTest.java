package io.github.deferlint.defer;

import static io.github.deferlint.defer.TestActions.sneakyThrow;
import static io.github.deferlint.defer.TestActions.throwing;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing is lost, nothing is suppressed into itself, and no checked exception leaves undeclared.
 */
class ExceptionsTest {

  /**
   * An Error that is not a VirtualMachineError: an ordinary throwable as far as the scope cares.
   */
  static final class ActionError extends Error {
    private static final long serialVersionUID = 1L;

    ActionError(String message) {
      super(message);
    }
  }

  static Stream<Named<Throwable>> throwablesOfEveryKind() {
    return Stream.of(
        Named.of("RuntimeException", new IllegalStateException("action failed")),
        Named.of("checked Exception", new IOException("action failed")),
        Named.of("Error", new ActionError("action failed")),
        Named.of("VirtualMachineError", new StackOverflowError("action failed")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("throwablesOfEveryKind")
  void anActionThatThrowsDoesNotStopTheOnesAfterIt(Throwable failure) {
    List<String> log = new ArrayList<>();

    Throwable thrown =
        assertThrows(
            Throwable.class,
            () ->
                Defer.run(
                    scope -> {
                      scope.defer(() -> log.add("registered first"));
                      scope.defer(
                          () -> {
                            log.add("registered second");
                            throw sneakyThrow(failure);
                          });
                      scope.defer(() -> log.add("registered third"));
                    }));

    assertEquals(List.of("registered third", "registered second", "registered first"), log);
    assertSame(failure, thrown instanceof DeferredActionException ? thrown.getCause() : thrown);
  }

  @Test
  void theBodysExceptionStaysPrimaryAndActionExceptionsAreSuppressedInRunOrder() {
    IllegalArgumentException bodyFailure = new IllegalArgumentException("body failed");
    IllegalStateException registeredFirst = new IllegalStateException("registered first");
    IOException registeredSecond = new IOException("registered second");
    ActionError registeredThird = new ActionError("registered third");

    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Defer.run(
                    scope -> {
                      scope.defer(throwing(registeredFirst));
                      scope.defer(throwing(registeredSecond));
                      scope.defer(throwing(registeredThird));
                      throw bodyFailure;
                    }));

    assertSame(bodyFailure, thrown);
    // A suppressed checked exception is attached as itself: only the thrown one is ever wrapped.
    assertArrayEquals(
        new Throwable[] {registeredThird, registeredSecond, registeredFirst},
        thrown.getSuppressed());
  }

  @Test
  void withNothingInFlightTheFirstActionExceptionIsThrownAndLaterOnesAreSuppressedIntoIt() {
    IllegalStateException registeredFirst = new IllegalStateException("registered first");
    IllegalArgumentException registeredSecond = new IllegalArgumentException("registered second");

    IllegalArgumentException thrown =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Defer.run(
                    scope -> {
                      scope.defer(throwing(registeredFirst));
                      scope.defer(throwing(registeredSecond));
                    }));

    assertSame(registeredSecond, thrown);
    assertArrayEquals(new Throwable[] {registeredFirst}, thrown.getSuppressed());
  }

  @Test
  void anActionRethrowingTheExceptionInFlightDoesNotSuppressItIntoItself() {
    IllegalStateException bodyFailure = new IllegalStateException("body failed");

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                Defer.run(
                    scope -> {
                      scope.defer(throwing(bodyFailure));
                      throw bodyFailure;
                    }));

    assertSame(bodyFailure, thrown);
    assertEquals(0, thrown.getSuppressed().length);
  }

  @Test
  void anActionRethrowingWhatAnEarlierActionThrewDoesNotSuppressItIntoItself() {
    OutOfMemoryError sharedError = new OutOfMemoryError("preallocated, as the JVM does");

    OutOfMemoryError thrown =
        assertThrows(
            OutOfMemoryError.class,
            () ->
                Defer.run(
                    scope -> {
                      scope.defer(throwing(sharedError));
                      scope.defer(throwing(sharedError));
                    }));

    assertSame(sharedError, thrown);
    assertEquals(0, thrown.getSuppressed().length);
  }

  @Test
  void aCheckedExceptionFromAnActionLeavesAsDeferredActionExceptionWithTheOriginalAsCause() {
    IOException flushFailure = new IOException("flush failed");

    DeferredActionException thrown =
        assertThrows(
            DeferredActionException.class,
            () -> Defer.run(scope -> scope.defer(throwing(flushFailure))));

    assertSame(flushFailure, thrown.getCause());
  }

  @Test
  void callAndNamedWrapACheckedActionExceptionToo() {
    IOException closeFailure = new IOException("close failed");
    AutoCloseable failingResource =
        () -> {
          throw closeFailure;
        };

    DeferredActionException fromCall =
        assertThrows(
            DeferredActionException.class,
            () ->
                Defer.call(
                    scope -> {
                      scope.closing(failingResource);
                      return "value";
                    }));
    DeferredActionException fromNamed =
        assertThrows(
            DeferredActionException.class,
            () ->
                Defer.named(
                    "initial",
                    (scope, result) -> {
                      scope.closing(failingResource);
                      return "value";
                    }));

    assertSame(closeFailure, fromCall.getCause());
    assertSame(closeFailure, fromNamed.getCause());
  }

  @Test
  void aCheckedBodyExceptionIsThrownAsItselfEvenWhenActionsThrowCheckedExceptions() {
    IOException bodyFailure = new IOException("read failed");
    Exception actionFailure = new Exception("close failed");

    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                Defer.run(
                    scope -> {
                      scope.defer(throwing(actionFailure));
                      throw bodyFailure;
                    }));

    assertSame(bodyFailure, thrown);
    assertArrayEquals(new Throwable[] {actionFailure}, thrown.getSuppressed());
  }

  @Test
  void aCheckedActionExceptionIsWrappedEvenWhenTheBodyDeclaresItsType() {
    IOException closeFailure = new IOException("close failed");

    DeferredActionException thrown =
        assertThrows(
            DeferredActionException.class,
            () -> declaresIOExceptionAndAnActionThrowsOne(closeFailure));

    assertSame(closeFailure, thrown.getCause());
  }

  /** The scope cannot tell what X is at run time; only the body's own throwable passes as is. */
  private static void declaresIOExceptionAndAnActionThrowsOne(IOException actionFailure)
      throws IOException {
    Defer.<IOException>run(scope -> scope.defer(throwing(actionFailure)));
  }

  /**
   * A Throwable that is neither an Exception nor an Error is checked too; code compiled from other
   * JVM languages throws such things where Java's signatures do not allow them.
   */
  @Test
  void aCheckedThrowableThatIsNotAnExceptionFromAnActionIsWrappedToo() {
    Throwable unusual = new Throwable("thrown by Kotlin code, say");

    DeferredActionException thrown =
        assertThrows(
            DeferredActionException.class,
            () -> Defer.run(scope -> scope.defer(throwing(unusual))));

    assertSame(unusual, thrown.getCause());
  }

  // The next three tests compile only because Defer.run, call and named declare the body's own
  // checked exception type: a method that declares just IOException can call them.

  @Test
  void aCheckedExceptionOfTheBodyPropagatesWithItsOwnTypeFromRun() {
    try {
      Defer.run(
          scope -> {
            throw new IOException("disk gone");
          });
      fail("Defer.run returned although its body threw");
    } catch (IOException expected) {
      assertEquals("disk gone", expected.getMessage());
    }
  }

  @Test
  void aCheckedExceptionOfTheBodyPropagatesWithItsOwnTypeFromCallAndNamed() {
    assertEquals(
        "disk gone", assertThrows(IOException.class, ExceptionsTest::readByCall).getMessage());
    assertEquals(
        "disk gone", assertThrows(IOException.class, ExceptionsTest::readByNamed).getMessage());
  }

  private static String readByCall() throws IOException {
    return Defer.call(
        scope -> {
          throw new IOException("disk gone");
        });
  }

  private static String readByNamed() throws IOException {
    return Defer.named(
        "initial",
        (scope, result) -> {
          throw new IOException("disk gone");
        });
  }

  @Test
  void anActionsVirtualMachineErrorIsNotHiddenBehindTheBodysException() {
    IllegalStateException bodyFailure = new IllegalStateException("body failed");
    StackOverflowError overflow = new StackOverflowError("in an action");
    IllegalArgumentException later = new IllegalArgumentException("after the overflow");

    StackOverflowError thrown =
        assertThrows(
            StackOverflowError.class,
            () ->
                Defer.run(
                    scope -> {
                      scope.defer(throwing(later));
                      scope.defer(throwing(overflow));
                      throw bodyFailure;
                    }));

    assertSame(overflow, thrown);
    assertArrayEquals(new Throwable[] {bodyFailure, later}, thrown.getSuppressed());
  }

  @Test
  void theBodysVirtualMachineErrorStaysPrimaryOverAnActionsOne() {
    OutOfMemoryError bodyFailure = new OutOfMemoryError("in the body");
    StackOverflowError actionFailure = new StackOverflowError("in an action");

    OutOfMemoryError thrown =
        assertThrows(
            OutOfMemoryError.class,
            () ->
                Defer.run(
                    scope -> {
                      scope.defer(throwing(actionFailure));
                      throw bodyFailure;
                    }));

    assertSame(bodyFailure, thrown);
    assertArrayEquals(new Throwable[] {actionFailure}, thrown.getSuppressed());
  }

  @Test
  void anInterruptedExceptionWrappedOutOfTheScopeReassertsTheInterruptFlag() {
    InterruptedException interruption = new InterruptedException("while flushing");
    try {
      DeferredActionException thrown =
          assertThrows(
              DeferredActionException.class,
              () -> Defer.run(scope -> scope.defer(throwing(interruption))));

      assertSame(interruption, thrown.getCause());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void anInterruptedExceptionSuppressedIntoAnotherReassertsTheInterruptFlag() {
    IllegalStateException bodyFailure = new IllegalStateException("body failed");
    InterruptedException interruption = new InterruptedException("while flushing");
    try {
      IllegalStateException thrown =
          assertThrows(
              IllegalStateException.class,
              () ->
                  Defer.run(
                      scope -> {
                        scope.defer(throwing(interruption));
                        throw bodyFailure;
                      }));

      assertArrayEquals(new Throwable[] {interruption}, thrown.getSuppressed());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @ParameterizedTest(name = "thrown by the body: {0}")
  @ValueSource(booleans = {false, true})
  void anInterruptedExceptionSuppressedIntoAVirtualMachineErrorReassertsTheInterruptFlag(
      boolean thrownByTheBody) {
    InterruptedException interruption = new InterruptedException("while flushing");
    OutOfMemoryError outOfMemory = new OutOfMemoryError("in an action");
    try {
      OutOfMemoryError thrown =
          assertThrows(
              OutOfMemoryError.class,
              () ->
                  Defer.run(
                      scope -> {
                        scope.defer(throwing(outOfMemory));
                        if (thrownByTheBody) {
                          throw interruption;
                        }
                        scope.defer(throwing(interruption));
                      }));

      assertArrayEquals(new Throwable[] {interruption}, thrown.getSuppressed());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void anInterruptedExceptionOfTheBodyPropagatesWithoutSettingTheFlag() {
    InterruptedException interruption = new InterruptedException("while waiting");
    try {
      InterruptedException thrown =
          assertThrows(
              InterruptedException.class,
              () ->
                  Defer.run(
                      scope -> {
                        throw interruption;
                      }));

      assertSame(interruption, thrown);
      // Whoever catches it handles the interruption; setting the flag too would report it twice.
      assertFalse(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }
}
