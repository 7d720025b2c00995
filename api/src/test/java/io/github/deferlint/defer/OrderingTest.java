package io.github.deferlint.defer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deferred actions run last-in-first-out, each exactly once, with the arguments given at
 * registration.
 */
class OrderingTest {

  @Test
  void actionsRunAfterTheBodyLastInFirstOut() {
    List<String> log = new ArrayList<>();

    Defer.run(
        scope -> {
          scope.defer(() -> log.add("registered first"));
          scope.defer(() -> log.add("registered second"));
          scope.defer(() -> log.add("registered third"));
          log.add("body");
        });

    assertEquals(List.of("body", "registered third", "registered second", "registered first"), log);
  }

  @Test
  void actionsRunLastInFirstOutWhenTheBodyThrows() {
    List<String> log = new ArrayList<>();
    IllegalStateException failure = new IllegalStateException("body failed");

    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () ->
                Defer.run(
                    scope -> {
                      scope.defer(() -> log.add("registered first"));
                      scope.defer(() -> log.add("registered second"));
                      throw failure;
                    }));

    assertSame(failure, thrown);
    assertEquals(List.of("registered second", "registered first"), log);
  }

  @Test
  void callAndNamedRunTheirActionsAfterTheBodyProducedItsValue() {
    List<String> log = new ArrayList<>();

    String called =
        Defer.call(
            scope -> {
              scope.defer(() -> log.add("call: action"));
              log.add("call: body");
              return "value";
            });
    String named =
        Defer.named(
            "initial",
            (scope, result) -> {
              scope.defer(() -> log.add("named: action saw " + result.get()));
              log.add("named: body");
              return "value";
            });

    assertEquals("value", called);
    assertEquals("value", named);
    assertEquals(
        List.of("call: body", "call: action", "named: body", "named: action saw value"), log);
  }

  /**
   * Every registration form at every position up to 20, so each of the scope's inline slots and the
   * growth of its overflow storage carries the right action with the right arguments.
   */
  @ParameterizedTest(name = "{0} registrations, body throws: {1}")
  @MethodSource("registrationCountsAndBodyOutcomes")
  void everyRegistrationFormRunsOnceLastInFirstOutWithItsOwnArguments(
      int count, boolean bodyThrows) {
    List<String> log = new ArrayList<>();
    IllegalStateException failure = new IllegalStateException("body failed");

    ScopeBody<RuntimeException> body =
        scope -> {
          for (int i = 0; i < count; i++) {
            registerByPosition(scope, i, log);
          }
          if (bodyThrows) {
            throw failure;
          }
        };
    if (bodyThrows) {
      assertSame(failure, assertThrows(IllegalStateException.class, () -> Defer.run(body)));
    } else {
      Defer.run(body);
    }

    List<String> expected = new ArrayList<>();
    for (int i = count - 1; i >= 0; i--) {
      expected.add(expectedLogByPosition(i));
    }
    assertEquals(expected, log);
  }

  /** Uses the four registration forms in turn, with arguments that identify the position. */
  private static void registerByPosition(Scope scope, int position, List<String> log) {
    switch (position % 4) {
      case 0:
        scope.defer(() -> log.add("run " + position));
        break;
      case 1:
        scope.defer(argument -> log.add("accept " + argument), position);
        break;
      case 2:
        scope.defer(
            (first, second) -> log.add("accept " + first + " " + second), position, -position);
        break;
      default:
        scope.closing(() -> log.add("close " + position));
    }
  }

  private static String expectedLogByPosition(int position) {
    switch (position % 4) {
      case 0:
        return "run " + position;
      case 1:
        return "accept " + position;
      case 2:
        return "accept " + position + " " + -position;
      default:
        return "close " + position;
    }
  }

  static Stream<Arguments> registrationCountsAndBodyOutcomes() {
    return IntStream.rangeClosed(0, 20)
        .boxed()
        .flatMap(count -> Stream.of(Arguments.of(count, false), Arguments.of(count, true)));
  }

  /**
   * Each action registers a follower while the scope unwinds; the follower runs next. The slot it
   * takes was just freed, so this exercises reuse of inline and overflow slots alike.
   */
  @ParameterizedTest(name = "{0} registrations")
  @MethodSource("registrationCounts")
  void anActionRegisteredWhileUnwindingRunsNext(int count) {
    List<String> log = new ArrayList<>();

    Defer.run(
        scope -> {
          for (int i = 0; i < count; i++) {
            int position = i;
            scope.defer(
                () -> {
                  log.add("action " + position);
                  scope.defer(() -> log.add("follower of " + position));
                });
          }
        });

    List<String> expected = new ArrayList<>();
    for (int i = count - 1; i >= 0; i--) {
      expected.add("action " + i);
      expected.add("follower of " + i);
    }
    assertEquals(expected, log);
  }

  static IntStream registrationCounts() {
    return IntStream.rangeClosed(0, 20);
  }

  @Test
  void tenThousandActionsRunExactlyOnceInReverseOrder() {
    int count = 10_000;
    int[] runs = new int[count];
    List<Integer> order = new ArrayList<>();

    Defer.run(
        scope -> {
          for (int i = 0; i < count; i++) {
            scope.defer(
                position -> {
                  runs[position]++;
                  order.add(position);
                },
                i);
          }
        });

    assertEquals(count, order.size());
    for (int i = 0; i < count; i++) {
      assertEquals(count - 1 - i, order.get(i));
      assertEquals(1, runs[i], "runs of action " + i);
    }
  }

  @Test
  void argumentsAreEvaluatedAtRegistrationWhileALambdaReadsWhenItRuns() {
    AtomicInteger counter = new AtomicInteger();
    List<String> log = new ArrayList<>();

    Defer.run(
        scope -> {
          scope.defer(value -> log.add("argument " + value), counter.get());
          scope.defer(() -> log.add("lambda " + counter.get()));
          counter.incrementAndGet();
        });

    assertEquals(List.of("lambda 1", "argument 0"), log);
  }

  @Test
  void nullArgumentsArePassedThroughAsNull() {
    List<String> log = new ArrayList<>();

    Defer.run(
        scope -> {
          scope.defer(argument -> log.add("one: " + argument), null);
          scope.defer((first, second) -> log.add("two: " + first + ", " + second), null, null);
        });

    assertEquals(List.of("two: null, null", "one: null"), log);
  }
}
