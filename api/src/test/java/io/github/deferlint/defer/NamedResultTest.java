package io.github.deferlint.defer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Go's named results: {@code return v} stores v into the result before the deferred actions run,
 * and the function returns what the result holds after them.
 */
class NamedResultTest {

  @Test
  void theReturnedValueIsStoredBeforeTheActionsRun() {
    List<Integer> seenByAction = new ArrayList<>();

    int value =
        Defer.named(
            0,
            (scope, result) -> {
              scope.defer(() -> seenByAction.add(result.get()));
              return 7;
            });

    assertEquals(7, value);
    assertEquals(List.of(7), seenByAction);
  }

  /** Go: {@code func c() (i int) { defer func() { i++ }(); return 1 }} returns 2. */
  @Test
  void aDeferredActionCanChangeTheResultAfterReturn() {
    int value =
        Defer.named(
            0,
            (scope, i) -> {
              scope.defer(() -> i.set(i.get() + 1));
              return 1;
            });

    assertEquals(2, value);
  }

  /**
   * Go: {@code func f() (r int) { defer func() { r = 200 }(); r = 0; return r }} returns 200: the
   * deferred assignment overwrites whatever {@code return} stored.
   */
  @Test
  void aDeferredSetOverwritesTheReturnedValue() {
    int value =
        Defer.named(
            100,
            (scope, r) -> {
              scope.defer(() -> r.set(200));
              r.set(0);
              return r.get();
            });

    assertEquals(200, value);
  }

  /**
   * Go: {@code var g = 100; func f() int { defer func() { g = 200 }(); return g }} returns 100:
   * without a named result, {@code return} took the value before the deferred write.
   */
  @Test
  void aDeferredWriteToWhatAnUnnamedReturnReadDoesNotChangeTheResult() {
    int[] g = {100};

    int value =
        Defer.call(
            scope -> {
              scope.defer(() -> g[0] = 200);
              return g[0];
            });

    assertEquals(100, value);
    assertEquals(200, g[0]);
  }

  /** Go's recover-to-error idiom: the deferred action turns the panic into the result. */
  @Test
  void afterARecoveryNamedReturnsTheResultTheRecoveringActionSet() {
    String value =
        Defer.named(
            "",
            (scope, result) -> {
              scope.defer(
                  () -> {
                    Throwable failure = scope.recover();
                    if (failure != null) {
                      result.set("error: " + failure.getMessage());
                    }
                  });
              return "parsed " + Integer.parseInt("x");
            });

    assertEquals("error: For input string: \"x\"", value);
  }

  @Test
  void afterARecoveryNamedReturnsWhatTheBodyLastSet() {
    String value =
        Defer.named(
            "initial",
            (scope, result) -> {
              scope.defer(() -> scope.recover());
              result.set("partial");
              throw Defer.panic("interrupted half-way");
            });

    assertEquals("partial", value);
  }

  @Test
  void afterARecoveryNamedReturnsTheInitialValueWhenNothingSetIt() {
    String value =
        Defer.named(
            "initial",
            (scope, result) -> {
              scope.defer(() -> scope.recover());
              throw Defer.panic("before any result");
            });

    assertEquals("initial", value);
  }

  @Test
  void withoutARecoveryNamedThrowsAndTheActionsStillSeeTheResult() {
    IllegalStateException failure = new IllegalStateException("body failed");
    List<String> seenByAction = new ArrayList<>();

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                Defer.named(
                    "initial",
                    (scope, result) -> {
                      scope.defer(() -> seenByAction.add(result.get()));
                      result.set("partial");
                      throw failure;
                    }));

    assertSame(failure, thrown);
    assertEquals(List.of("partial"), seenByAction);
  }

  @Test
  void actionsChangeTheResultInRunOrderSoTheFirstRegisteredWins() {
    String value =
        Defer.named(
            "",
            (scope, result) -> {
              scope.defer(() -> result.set(result.get() + " then registered first"));
              scope.defer(() -> result.set(result.get() + " then registered second"));
              return "returned";
            });

    assertEquals("returned then registered second then registered first", value);
  }
}
