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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Ordering, exactly-once and nothing-lost over random scopes: a body that returns or throws, and up
 * to 20 actions (past the scope's inline slots and its first overflow growth) that return, throw
 * every kind of throwable, recover, rethrow the body's throwable, change the named result, or
 * register a follower while the scope unwinds.
 */
class DeferPropertiesTest {

  private static final int TRIES = 300;

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
    REGISTER_FOLLOWER
  }

  @Property(tries = TRIES)
  void actionsRunLastInFirstOutEachExactlyOnce(
      @ForAll Entry entry, @ForAll BodyEnd bodyEnd, @ForAll @Size(max = 20) List<Action> actions) {
    Scenario scenario = new Scenario(entry, bodyEnd, actions);

    scenario.execute();

    List<String> expected = new ArrayList<>();
    for (int i = actions.size() - 1; i >= 0; i--) {
      expected.add("action " + i);
      if (actions.get(i) == Action.REGISTER_FOLLOWER) {
        expected.add("follower of " + i);
      }
    }
    assertEquals(expected, scenario.ran);
  }

  @Property(tries = TRIES)
  void everyThrowableLeavesTheScopeOrIsSuppressedInWhatLeavesOrWasRecovered(
      @ForAll Entry entry, @ForAll BodyEnd bodyEnd, @ForAll @Size(max = 20) List<Action> actions) {
    Scenario scenario = new Scenario(entry, bodyEnd, actions);

    scenario.execute();

    Set<Throwable> accountedFor = reachableThroughSuppression(scenario.escaped, scenario.recovered);
    for (Throwable thrown : scenario.thrown) {
      assertTrue(accountedFor.contains(thrown), () -> "lost: " + thrown);
    }
  }

  @Property(tries = TRIES)
  void theScopeEndsAsGoWould(
      @ForAll Entry entry, @ForAll BodyEnd bodyEnd, @ForAll @Size(max = 20) List<Action> actions) {
    Scenario scenario = new Scenario(entry, bodyEnd, actions);
    Throwable expectedInFlight = scenario.predictInFlight();

    scenario.execute();

    if (expectedInFlight == null) {
      assertEquals(null, scenario.escaped, () -> "escaped: " + scenario.escaped);
      assertEquals(scenario.predictReturnValue(), scenario.returned);
    } else if (expectedInFlight == scenario.bodyFailure
        || expectedInFlight instanceof RuntimeException
        || expectedInFlight instanceof Error) {
      assertSame(expectedInFlight, scenario.escaped);
    } else {
      assertTrue(scenario.escaped instanceof DeferredActionException, () -> "" + scenario.escaped);
      assertSame(expectedInFlight, scenario.escaped.getCause());
    }
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

  /** One generated scope: its throwables made up front, so the prediction can name them. */
  private static final class Scenario {
    final Entry entry;
    final List<Action> actions;
    final @Nullable Throwable bodyFailure;
    final List<@Nullable Throwable> actionFailures = new ArrayList<>();

    /** Every throwable the body and the actions throw. */
    final List<Throwable> thrown = new ArrayList<>();

    final List<String> ran = new ArrayList<>();
    final List<Throwable> recovered = new ArrayList<>();
    @Nullable Throwable escaped;
    @Nullable Object returned;

    Scenario(Entry entry, BodyEnd bodyEnd, List<Action> actions) {
      this.entry = entry;
      this.actions = actions;
      this.bodyFailure = bodyFailure(bodyEnd);
      if (bodyFailure != null) {
        thrown.add(bodyFailure);
      }
      for (int i = 0; i < actions.size(); i++) {
        Throwable failure = actionFailure(actions.get(i), "action " + i);
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
    }

    private void body(Scope scope, @Nullable Result<String> result) throws Throwable {
      for (int i = 0; i < actions.size(); i++) {
        register(scope, i, result);
      }
      if (bodyFailure != null) {
        throw bodyFailure;
      }
    }

    private void register(Scope scope, int index, @Nullable Result<String> result) {
      Action action = actions.get(index);
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
              default:
                if (failure != null) {
                  throw sneakyThrow(failure);
                }
            }
          });
    }

    /**
     * Go's rules, stated on their own: the body's throwable is in flight; an action's throwable
     * becomes the one in flight when nothing is, or when it is a VirtualMachineError and what is in
     * flight is not; a recover stops anything but a VirtualMachineError.
     */
    @Nullable Throwable predictInFlight() {
      Throwable inFlight = bodyFailure;
      for (int i = actions.size() - 1; i >= 0; i--) {
        Throwable failure =
            actions.get(i) == Action.RETHROW_BODY_FAILURE ? bodyFailure : actionFailures.get(i);
        if (actions.get(i) == Action.RECOVER) {
          if (!(inFlight instanceof VirtualMachineError)) {
            inFlight = null;
          }
        } else if (failure != null
            && (inFlight == null
                || (failure instanceof VirtualMachineError
                    && !(inFlight instanceof VirtualMachineError)))) {
          inFlight = failure;
        }
      }
      return inFlight;
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
          for (int i = actions.size() - 1; i >= 0; i--) {
            if (actions.get(i) == Action.SET_RESULT) {
              result = "set by action " + i;
            }
          }
          return result;
      }
    }
  }
}
