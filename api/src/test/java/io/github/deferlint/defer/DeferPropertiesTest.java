package io.github.deferlint.defer;

import static io.github.deferlint.defer.TestActions.sneakyThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Ordering, exactly-once, nothing-lost and recover over generated scopes: a body that returns or
 * throws, and up to 20 actions, registered on the scope directly or from inside a nested scope,
 * that return, throw every kind of throwable, recover, rethrow the body's throwable, change the
 * named result, or register a follower while the scope unwinds, directly or from a nested scope.
 *
 * <p>Each property runs on every scenario of up to two actions, then on {@value #RANDOM_TRIES}
 * random ones (see {@link PropertyCheck} for seeds and shrinking).
 */
class DeferPropertiesTest {

  private static final int MAX_ACTIONS = 20;
  private static final int RANDOM_TRIES = 1_000;
  private static final int EXHAUSTIVE_UP_TO = 2;

  enum Entry {
    RUN,
    CALL,
    NAMED
  }

  enum BodyEnd {
    RETURN,
    THROW_RUNTIME_EXCEPTION,
    THROW_CHECKED_EXCEPTION,
    THROW_ERROR,
    THROW_VIRTUAL_MACHINE_ERROR,
    PANIC
  }

  enum Action {
    RETURN,
    THROW_RUNTIME_EXCEPTION,
    THROW_CHECKED_EXCEPTION,
    THROW_ERROR,
    THROW_VIRTUAL_MACHINE_ERROR,
    RECOVER,
    RETHROW_BODY_FAILURE,
    SET_RESULT,
    REGISTER_FOLLOWER,
    REGISTER_FOLLOWER_FROM_NESTED_SCOPE
  }

  /** How the body registers an action on its scope. */
  enum Registration {
    DIRECT,
    /**
     * From the body of a nested scope, which registers an action of its own first and then panics;
     * the nested action asks the outer scope to recover, which must return null (the outer body is
     * running), and the panic leaves the nested scope.
     */
    FROM_NESTED_SCOPE
  }

  record Step(Action action, Registration registration) {
    @Override
    public String toString() {
      return registration == Registration.DIRECT ? action.name() : action + "@nested";
    }
  }

  record Sample(Entry entry, BodyEnd bodyEnd, List<Step> steps) {}

  private static final PropertyCheck<Sample> SCOPES =
      new PropertyCheck<>(
          everySampleUpTo(EXHAUSTIVE_UP_TO),
          RANDOM_TRIES,
          DeferPropertiesTest::randomSample,
          DeferPropertiesTest::simplerThan);

  @Test
  void actionsRunLastInFirstOutEachExactlyOnce() {
    SCOPES.forAll(
        sample -> {
          Scenario scenario = new Scenario(sample);

          scenario.execute();

          assertEquals(scenario.predictRunOrder(), scenario.ran);
        });
  }

  @Test
  void everyThrowableLeavesTheScopeOrIsSuppressedInWhatLeavesOrWasRecovered() {
    SCOPES.forAll(
        sample -> {
          Scenario scenario = new Scenario(sample);

          scenario.execute();

          Set<Throwable> accountedFor =
              reachableThroughSuppression(scenario.escaped, scenario.recovered);
          for (Throwable thrown : scenario.thrown) {
            assertTrue(accountedFor.contains(thrown), () -> "lost: " + thrown);
          }
        });
  }

  @Test
  void theScopeEndsAsGoWould() {
    SCOPES.forAll(
        sample -> {
          Scenario scenario = new Scenario(sample);
          Prediction expected = scenario.predict();

          scenario.execute();

          Throwable inFlight = expected.inFlight;
          if (inFlight == null) {
            assertEquals(null, scenario.escaped, () -> "escaped: " + scenario.escaped);
            assertEquals(scenario.predictReturnValue(), scenario.returned);
          } else if (inFlight == scenario.bodyFailure
              || inFlight instanceof RuntimeException
              || inFlight instanceof Error) {
            assertSame(inFlight, scenario.escaped);
          } else {
            assertTrue(
                scenario.escaped instanceof DeferredActionException, () -> "" + scenario.escaped);
            assertSame(inFlight, scenario.escaped.getCause());
          }
        });
  }

  @Test
  void recoverStopsWhatIsInFlightOnlyInARunningActionAndOnlyOnce() {
    SCOPES.forAll(
        sample -> {
          Scenario scenario = new Scenario(sample);
          Prediction expected = scenario.predict();

          scenario.execute();

          assertEquals(expected.recovered, scenario.recovered);
          assertEquals(List.of(), scenario.recoveredWhereNothingCanBe);
        });
  }

  /** Every sample of at most {@code size} steps: each entry, body end and step combination. */
  private static List<Sample> everySampleUpTo(int size) {
    List<List<Step>> stepLists = new ArrayList<>();
    stepLists.add(List.of());
    List<List<Step>> shorter = List.of(List.of());
    for (int length = 1; length <= size; length++) {
      List<List<Step>> longer = new ArrayList<>();
      for (List<Step> prefix : shorter) {
        for (Action action : Action.values()) {
          for (Registration registration : Registration.values()) {
            List<Step> steps = new ArrayList<>(prefix);
            steps.add(new Step(action, registration));
            longer.add(List.copyOf(steps));
          }
        }
      }
      stepLists.addAll(longer);
      shorter = longer;
    }
    List<Sample> samples = new ArrayList<>();
    for (List<Step> steps : stepLists) {
      for (Entry entry : Entry.values()) {
        for (BodyEnd bodyEnd : BodyEnd.values()) {
          samples.add(new Sample(entry, bodyEnd, steps));
        }
      }
    }
    return samples;
  }

  private static Sample randomSample(SplittableRandom random) {
    int size = random.nextInt(MAX_ACTIONS + 1);
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      steps.add(
          new Step(
              pick(random, Action.values()),
              // Mostly direct, as real bodies register; nesting often enough to mix the two.
              random.nextInt(4) == 0 ? Registration.FROM_NESTED_SCOPE : Registration.DIRECT));
    }
    return new Sample(
        pick(random, Entry.values()), pick(random, BodyEnd.values()), List.copyOf(steps));
  }

  private static <E> E pick(SplittableRandom random, E[] values) {
    return values[random.nextInt(values.length)];
  }

  /**
   * One step simpler: fewer steps (halves first, then one at a time), then a simpler step, body end
   * or entry (an earlier constant; a direct registration).
   */
  private static List<Sample> simplerThan(Sample sample) {
    List<Sample> simpler = new ArrayList<>();
    List<Step> steps = sample.steps;
    for (int chunk = steps.size() / 2; chunk >= 1; chunk /= 2) {
      for (int from = 0; from + chunk <= steps.size(); from += chunk) {
        List<Step> fewer = new ArrayList<>(steps.subList(0, from));
        fewer.addAll(steps.subList(from + chunk, steps.size()));
        simpler.add(new Sample(sample.entry, sample.bodyEnd, List.copyOf(fewer)));
      }
    }
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      List<Step> candidates = new ArrayList<>();
      if (step.registration != Registration.DIRECT) {
        candidates.add(new Step(step.action, Registration.DIRECT));
      }
      for (int ordinal = 0; ordinal < step.action.ordinal(); ordinal++) {
        candidates.add(new Step(Action.values()[ordinal], step.registration));
      }
      for (Step candidate : candidates) {
        List<Step> changed = new ArrayList<>(steps);
        changed.set(i, candidate);
        simpler.add(new Sample(sample.entry, sample.bodyEnd, List.copyOf(changed)));
      }
    }
    for (int ordinal = 0; ordinal < sample.bodyEnd.ordinal(); ordinal++) {
      simpler.add(new Sample(sample.entry, BodyEnd.values()[ordinal], steps));
    }
    for (int ordinal = 0; ordinal < sample.entry.ordinal(); ordinal++) {
      simpler.add(new Sample(Entry.values()[ordinal], sample.bodyEnd, steps));
    }
    return simpler;
  }

  /**
   * The throwables that left the scope or were recovered, with everything suppressed in them at any
   * depth, and the original of a wrapped checked exception.
   */
  private static Set<Throwable> reachableThroughSuppression(
      @Nullable Throwable escaped, List<Throwable> recovered) {
    Set<Throwable> reached = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> pending = new ArrayDeque<>(recovered);
    if (escaped != null) {
      pending.add(escaped);
    }
    while (!pending.isEmpty()) {
      Throwable next = pending.remove();
      if (reached.add(next)) {
        Collections.addAll(pending, next.getSuppressed());
        if (next instanceof DeferredActionException) {
          pending.add(next.getCause());
        }
      }
    }
    return reached;
  }

  /** What Go's rules say: the throwable in flight at the end, and what each recover stopped. */
  private record Prediction(@Nullable Throwable inFlight, List<Throwable> recovered) {}

  /** One generated scope: its throwables made up front, so the prediction can name them. */
  private static final class Scenario {
    final Entry entry;
    final List<Step> steps;
    final @Nullable Throwable bodyFailure;
    final List<@Nullable Throwable> actionFailures = new ArrayList<>();

    /** Every throwable the body and the actions throw. */
    final List<Throwable> thrown = new ArrayList<>();

    final List<String> ran = new ArrayList<>();
    final List<Throwable> recovered = new ArrayList<>();

    /**
     * What recover() returned where it must return null (the body, a second call, after the end, a
     * nested scope's action asking the outer scope), and nested panics that did not leave.
     */
    final List<Throwable> recoveredWhereNothingCanBe = new ArrayList<>();

    @Nullable Throwable escaped;
    @Nullable Object returned;
    @Nullable Scope ended;

    Scenario(Sample sample) {
      this.entry = sample.entry;
      this.steps = sample.steps;
      this.bodyFailure = bodyFailure(sample.bodyEnd);
      if (bodyFailure != null) {
        thrown.add(bodyFailure);
      }
      for (int i = 0; i < steps.size(); i++) {
        Throwable failure = actionFailure(steps.get(i).action, "action " + i);
        actionFailures.add(failure);
        if (failure != null) {
          thrown.add(failure);
        }
      }
    }

    private static @Nullable Throwable bodyFailure(BodyEnd bodyEnd) {
      switch (bodyEnd) {
        case THROW_RUNTIME_EXCEPTION:
          return new IllegalStateException("body");
        case THROW_CHECKED_EXCEPTION:
          return new IOException("body");
        case THROW_ERROR:
          return new ExceptionsTest.ActionError("body");
        case THROW_VIRTUAL_MACHINE_ERROR:
          return new StackOverflowError("body");
        case PANIC:
          try {
            throw Defer.panic("body");
          } catch (Panic panic) {
            return panic;
          }
        default:
          return null;
      }
    }

    private static @Nullable Throwable actionFailure(Action action, String label) {
      switch (action) {
        case THROW_RUNTIME_EXCEPTION:
          return new IllegalStateException(label);
        case THROW_CHECKED_EXCEPTION:
          return new IOException(label);
        case THROW_ERROR:
          return new ExceptionsTest.ActionError(label);
        case THROW_VIRTUAL_MACHINE_ERROR:
          return new StackOverflowError(label);
        default:
          return null;
      }
    }

    void execute() {
      try {
        switch (entry) {
          case RUN:
            Defer.run(scope -> body(scope, null));
            break;
          case CALL:
            returned =
                Defer.call(
                    scope -> {
                      body(scope, null);
                      return "returned";
                    });
            break;
          default:
            returned =
                Defer.named(
                    "initial",
                    (scope, result) -> {
                      body(scope, result);
                      return "returned";
                    });
        }
      } catch (Throwable t) {
        escaped = t;
      }
      if (ended != null) {
        noteIfRecovered(ended.recover());
      }
    }

    private void body(Scope scope, @Nullable Result<String> result) throws Throwable {
      ended = scope;
      for (int i = 0; i < steps.size(); i++) {
        int index = i;
        if (steps.get(i).registration == Registration.DIRECT) {
          register(scope, index, result);
        } else {
          Panic nestedPanic = null;
          try {
            Defer.run(
                nested -> {
                  nested.defer(
                      () -> {
                        ran.add("nested scope of the body at " + index);
                        noteIfRecovered(scope.recover());
                      });
                  register(scope, index, result);
                  throw Defer.panic("nested scope at " + index);
                });
          } catch (Panic expected) {
            nestedPanic = expected;
          }
          if (nestedPanic == null || !("nested scope at " + index).equals(nestedPanic.value())) {
            recoveredWhereNothingCanBe.add(new AssertionError("the nested panic did not leave"));
          }
        }
      }
      noteIfRecovered(scope.recover());
      if (bodyFailure != null) {
        throw bodyFailure;
      }
    }

    private void register(Scope scope, int index, @Nullable Result<String> result) {
      Action action = steps.get(index).action;
      Throwable failure = actionFailures.get(index);
      scope.defer(
          () -> {
            ran.add("action " + index);
            switch (action) {
              case RECOVER:
                Throwable stopped = scope.recover();
                if (stopped != null) {
                  recovered.add(stopped);
                }
                noteIfRecovered(scope.recover());
                break;
              case RETHROW_BODY_FAILURE:
                if (bodyFailure != null) {
                  throw sneakyThrow(bodyFailure);
                }
                break;
              case SET_RESULT:
                if (result != null) {
                  result.set("set by action " + index);
                }
                break;
              case REGISTER_FOLLOWER:
                scope.defer(() -> ran.add("follower of " + index));
                break;
              case REGISTER_FOLLOWER_FROM_NESTED_SCOPE:
                Defer.run(
                    nested -> {
                      nested.defer(() -> ran.add("nested scope of " + index));
                      scope.defer(() -> ran.add("follower of " + index));
                    });
                break;
              default:
                if (failure != null) {
                  throw sneakyThrow(failure);
                }
            }
          });
    }

    private void noteIfRecovered(@Nullable Throwable t) {
      if (t != null) {
        recoveredWhereNothingCanBe.add(t);
      }
    }

    /**
     * The body's nested scopes end as the body goes, then the actions run last-in-first-out, each
     * followed by what it registered (a nested scope's own action first).
     */
    List<String> predictRunOrder() {
      List<String> order = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        if (steps.get(i).registration == Registration.FROM_NESTED_SCOPE) {
          order.add("nested scope of the body at " + i);
        }
      }
      for (int i = steps.size() - 1; i >= 0; i--) {
        order.add("action " + i);
        switch (steps.get(i).action) {
          case REGISTER_FOLLOWER:
            order.add("follower of " + i);
            break;
          case REGISTER_FOLLOWER_FROM_NESTED_SCOPE:
            order.add("nested scope of " + i);
            order.add("follower of " + i);
            break;
          default:
            break;
        }
      }
      return order;
    }

    /**
     * Go's rules, stated on their own: the body's throwable is in flight; an action's throwable
     * becomes the one in flight when nothing is, or when it is a VirtualMachineError and what is in
     * flight is not; a recover stops anything in flight but a VirtualMachineError.
     */
    Prediction predict() {
      Throwable inFlight = bodyFailure;
      List<Throwable> stopped = new ArrayList<>();
      for (int i = steps.size() - 1; i >= 0; i--) {
        Action action = steps.get(i).action;
        Throwable failure =
            action == Action.RETHROW_BODY_FAILURE ? bodyFailure : actionFailures.get(i);
        if (action == Action.RECOVER) {
          if (inFlight != null && !(inFlight instanceof VirtualMachineError)) {
            stopped.add(inFlight);
            inFlight = null;
          }
        } else if (failure != null
            && (inFlight == null
                || (failure instanceof VirtualMachineError
                    && !(inFlight instanceof VirtualMachineError)))) {
          inFlight = failure;
        }
      }
      return new Prediction(inFlight, stopped);
    }

    /** Assumes the scope completes normally: what run, call and named return then. */
    @Nullable Object predictReturnValue() {
      switch (entry) {
        case RUN:
          return null;
        case CALL:
          return bodyFailure == null ? "returned" : null;
        default:
          String result = bodyFailure == null ? "returned" : "initial";
          for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).action == Action.SET_RESULT) {
              result = "set by action " + i;
            }
          }
          return result;
      }
    }
  }
}
