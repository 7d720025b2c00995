package io.github.deferlint.defer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Registrations and unwinding with the thread's stack nearly full and with the heap exhausted,
 * counting that every action ran exactly once: an action whose registration returned runs when its
 * scope ends; one whose registration threw ran before it threw. The exceptions, which docs/api.md
 * states, come from the JVM's stack check on entry into a method: a StackOverflowError thrown as
 * the registration is entered, before its first instruction, leaves nothing that could register or
 * run the action; and the scope that ends a frame or two from the end of the stack may have no room
 * to call its action. With the heap exhausted there is no exception.
 *
 * <p>To run these under the interpreter alone: {@code ./mvnw -pl api test -Dtest=ExhaustionTest
 * -DargLine=-Xint} (the heap rounds' JVM inherits {@code -Xint}).
 */
class ExhaustionTest {

  /** Rounds of recursion until StackOverflowError, each on a thread of another stack size. */
  private static final int STACK_ROUNDS = 120;

  private static final int OUT_OF_MEMORY_ROUNDS = 12;

  /**
   * The levels nearest the end of the stack, whose scopes may find no room to call their action
   * (measured: up to 4 levels, 11 actions in 600 rounds).
   */
  private static final int LEVELS_NEAR_THE_END = 8;

  /** More levels than the largest stack below holds (up to 30,000 levels per MB, compiled). */
  private static final int MAX_LEVELS = 1 << 15;

  @Test
  void withTheStackNearlyFullEveryActionRunsExactlyOnce() throws InterruptedException {
    SplittableRandom random = new SplittableRandom(STACK_ROUNDS);
    for (int round = 0; round < STACK_ROUNDS; round++) {
      StackRound stackRound = new StackRound(random.nextInt(16), random.nextInt(16));
      AtomicThrowable unexpected = new AtomicThrowable();
      Thread thread =
          new Thread(
              null,
              () -> unexpected.set(stackRound.run()),
              "nearly-full-stack-" + round,
              (128 + 4L * random.nextInt(128)) << 10);
      thread.start();
      thread.join();

      assertTrue(
          unexpected.value instanceof StackOverflowError,
          () -> "the recursion ended with " + unexpected.value);
      stackRound.check("round " + round);
    }
  }

  @Test
  void withTheHeapExhaustedEveryActionRunsExactlyOnce() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    // The execution mode of this JVM (-Xint by hand, say) carries over.
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.equals("-Xint") || option.equals("-Xcomp")) {
        command.add(option);
      }
    }
    command.add("-Xmx48m");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(HeapRounds.class.getName());
    command.add(Integer.toString(OUT_OF_MEMORY_ROUNDS));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("the heap rounds did not finish: " + output);
    }

    assertEquals(0, process.exitValue(), output);
    Matcher summary =
        Pattern.compile("registrations that ran out of memory: (\\d+)").matcher(output);
    assertTrue(summary.find(), output);
    // The rounds are worth something only if registrations themselves ran out of memory.
    assertTrue(Integer.parseInt(summary.group(1)) > 0, output);
  }

  /** A throwable handed from another thread. */
  private static final class AtomicThrowable {
    volatile @Nullable Throwable value;

    void set(@Nullable Throwable t) {
      value = t;
    }
  }

  /**
   * What happened to each level's registration: attempted (the action exists and the registration
   * method is about to be called), returned, or threw; and how often the action ran.
   */
  private static class Outcomes {
    /**
     * The methods whose entry can refuse a registration for lack of stack: the registration
     * methods, and the one they store through (a frame of its own where the JIT has not inlined
     * it).
     */
    private static final Set<String> REGISTRATION_ENTRIES = Set.of("defer", "closing", "push");

    final boolean[] attempted;
    final boolean[] returned;
    final @Nullable Throwable[] thrown;
    final int[] ran;

    Outcomes(int size) {
      attempted = new boolean[size];
      returned = new boolean[size];
      thrown = new Throwable[size];
      ran = new int[size];
    }

    /** Returns a description of the first violation, or null. */
    @Nullable String violation() {
      return violation(attempted.length);
    }

    /**
     * Returns a description of the first violation, or null, where the actions registered from
     * level {@code nearTheEnd} on may also have found no room to be called.
     */
    @Nullable String violation(int nearTheEnd) {
      for (int i = 0; i < attempted.length; i++) {
        if (!attempted[i]) {
          if (ran[i] != 0) {
            return "action " + i + " ran " + ran[i] + " times without a registration";
          }
          continue;
        }
        if (ran[i] > 1) {
          return "action " + i + " ran " + ran[i] + " times";
        }
        boolean excused = returned[i] ? i >= nearTheEnd : refusedOnEntry(thrown[i]);
        if (ran[i] == 0 && !excused) {
          return "action "
              + i
              + " never ran; its registration "
              + (returned[i] ? "returned" : "threw " + describe(thrown[i]));
        }
      }
      return null;
    }

    /**
     * A StackOverflowError thrown as the registration method was entered, before it ran: reported
     * at the call (the top frame is the body, whose try block makes no other call) or at the
     * method's first line. One thrown further in, in a method the registration called, means the
     * runtime dropped the action.
     */
    private static boolean refusedOnEntry(@Nullable Throwable t) {
      if (!(t instanceof StackOverflowError) || t.getStackTrace().length == 0) {
        return false;
      }
      StackTraceElement top = t.getStackTrace()[0];
      if (!top.getClassName().startsWith(Defer.class.getPackage().getName() + ".")
          || top.getClassName().startsWith(ExhaustionTest.class.getName())) {
        return true;
      }
      return top.getClassName().equals(DeferScope.class.getName())
          && REGISTRATION_ENTRIES.contains(top.getMethodName());
    }

    private static String describe(@Nullable Throwable t) {
      if (t == null) {
        return "nothing";
      }
      StackTraceElement[] trace = t.getStackTrace();
      return t + (trace.length == 0 ? "" : " at " + trace[0]);
    }
  }

  /**
   * One recursion until StackOverflowError: every level opens a scope, registers one action (the
   * four registration forms in turn) and goes one level deeper. Padding frames of two sizes first
   * shift where in a level the stack runs out.
   */
  private static final class StackRound extends Outcomes {
    private final int smallFrames;
    private final int largeFrames;

    @SuppressWarnings({
      "unchecked",
      "rawtypes"
    }) // An array of a generic interface, filled with its instances.
    private final ScopeBody<RuntimeException>[] bodies = new ScopeBody[MAX_LEVELS];

    private int deepest;

    StackRound(int smallFrames, int largeFrames) {
      super(MAX_LEVELS);
      this.smallFrames = smallFrames;
      this.largeFrames = largeFrames;
      for (int i = 0; i < MAX_LEVELS; i++) {
        bodies[i] = body(i);
      }
    }

    @Nullable Throwable run() {
      try {
        padSmall(smallFrames);
        return null;
      } catch (Throwable t) {
        return t;
      }
    }

    private void padSmall(int frames) {
      if (frames == 0) {
        padLarge(largeFrames, 1, 2, 3, 4);
      } else {
        padSmall(frames - 1);
      }
    }

    private long padLarge(int frames, long a, long b, long c, long d) {
      if (frames == 0) {
        level(0);
        return a;
      }
      return padLarge(frames - 1, b, c, d, a) + a + b + c + d;
    }

    private void level(int i) {
      deepest = i;
      Defer.run(bodies[i]);
    }

    /**
     * Level {@code i}'s body. It and its action exist before the recursion: creating a lambda is an
     * invokedynamic, which the interpreter runs through several frames of method handles, and the
     * registration would never be the deepest point of a level.
     */
    private ScopeBody<RuntimeException> body(int i) {
      switch (i % 4) {
        case 0:
          Deferred action = () -> ran[i]++;
          return scope -> {
            attempted[i] = true;
            try {
              scope.defer(action);
            } catch (Throwable t) {
              thrown[i] = t;
              throw t;
            }
            returned[i] = true;
            level(i + 1);
          };
        case 1:
          Deferred1<int[]> oneArgument = counts -> counts[i]++;
          return scope -> {
            attempted[i] = true;
            try {
              scope.defer(oneArgument, ran);
            } catch (Throwable t) {
              thrown[i] = t;
              throw t;
            }
            returned[i] = true;
            level(i + 1);
          };
        case 2:
          Deferred2<int[], int[]> twoArguments = (counts, same) -> counts[i]++;
          return scope -> {
            attempted[i] = true;
            try {
              scope.defer(twoArguments, ran, ran);
            } catch (Throwable t) {
              thrown[i] = t;
              throw t;
            }
            returned[i] = true;
            level(i + 1);
          };
        default:
          AutoCloseable resource = () -> ran[i]++;
          return scope -> {
            attempted[i] = true;
            try {
              scope.closing(resource);
            } catch (Throwable t) {
              thrown[i] = t;
              throw t;
            }
            returned[i] = true;
            level(i + 1);
          };
      }
    }

    void check(String round) {
      // The scopes of the last levels end a few frames from the end of the stack: the call of
      // their action can throw StackOverflowError on entry (docs/api.md says so).
      String violation = violation(deepest - LEVELS_NEAR_THE_END);
      if (violation != null) {
        fail(
            String.format(
                "%s, %d levels after %d small and %d large frames: %s",
                round, deepest, smallFrames, largeFrames, violation));
      }
    }
  }

  /**
   * Runs in a JVM of its own with a small heap: rounds of nested scopes that register actions
   * (enough to make each scope's overflow storage grow) while the body fills the heap, until
   * OutOfMemoryError. The actions and everything the check needs exist before the heap fills.
   * Prints a summary and exits 0, or prints the first violation and exits 1.
   */
  static final class HeapRounds extends Outcomes {
    private static final int LEVELS = 4;
    private static final int ACTIONS_PER_LEVEL = 100;

    private final Deferred[] actions = new Deferred[LEVELS * ACTIONS_PER_LEVEL];
    private final AutoCloseable[] resources = new AutoCloseable[LEVELS * ACTIONS_PER_LEVEL];
    private final Object[] ballast = new Object[1 << 20];
    private final SplittableRandom random;
    private int ballastSize;

    HeapRounds(long seed) {
      super(LEVELS * ACTIONS_PER_LEVEL);
      random = new SplittableRandom(seed);
      for (int i = 0; i < actions.length; i++) {
        int index = i;
        actions[i] = () -> ran[index]++;
        resources[i] = () -> ran[index]++;
      }
    }

    public static void main(String[] args) throws InterruptedException {
      int rounds = Integer.parseInt(args[0]);
      // A first round with room to spare loads and links every class the rounds use.
      new HeapRounds(0).runOnNewThread(false);
      int outOfMemoryInRegistration = 0;
      for (int round = 1; round <= rounds; round++) {
        HeapRounds heapRound = new HeapRounds(round);
        heapRound.runOnNewThread(true);
        String violation = heapRound.violation();
        if (violation != null) {
          System.out.println("round " + round + ": " + violation);
          System.exit(1);
        }
        for (Throwable t : heapRound.thrown) {
          if (t instanceof OutOfMemoryError) {
            outOfMemoryInRegistration++;
          }
        }
      }
      System.out.println("registrations that ran out of memory: " + outOfMemoryInRegistration);
    }

    /** On a thread of its own, so that its stack is the same in every round. */
    private void runOnNewThread(boolean fillHeap) throws InterruptedException {
      Thread thread =
          new Thread(
              () -> {
                try {
                  Defer.run(scope -> level(scope, 0, fillHeap));
                } catch (OutOfMemoryError expected) {
                  // What the round is about; the counts tell whether it went right.
                }
              });
      thread.start();
      thread.join();
      Arrays.fill(ballast, null);
    }

    private void level(Scope scope, int level, boolean fillHeap) {
      if (fillHeap && level == 0) {
        fill(1 << 16);
      }
      for (int k = 0; k < ACTIONS_PER_LEVEL; k++) {
        int i = level * ACTIONS_PER_LEVEL + k;
        attempted[i] = true;
        try {
          if (k % 2 == 0) {
            scope.defer(actions[i]);
          } else {
            scope.closing(resources[i]);
          }
        } catch (Throwable t) {
          thrown[i] = t;
          throw t;
        }
        returned[i] = true;
        if (fillHeap) {
          // Some room again, taken by the next allocations: registrations grow the stack of
          // actions with the heap nearly full, and run out at varying points.
          dropBallast(random.nextInt(4));
          fill(1 << random.nextInt(4, 12));
        }
      }
      if (level + 1 < LEVELS) {
        Defer.run(inner -> level(inner, level + 1, fillHeap));
      }
    }

    /** Allocates chunks of {@code bytes} until the heap is full. */
    private void fill(int bytes) {
      try {
        while (ballastSize < ballast.length) {
          ballast[ballastSize] = new byte[bytes];
          ballastSize++;
        }
      } catch (OutOfMemoryError full) {
        // Full.
      }
    }

    private void dropBallast(int chunks) {
      for (int c = 0; c < chunks && ballastSize > 0; c++) {
        ballast[--ballastSize] = null;
      }
    }
  }
}
