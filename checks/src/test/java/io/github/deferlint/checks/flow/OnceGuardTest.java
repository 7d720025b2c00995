package io.github.deferlint.checks.flow;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import org.junit.jupiter.api.Test;

/** OnceGuard, on its own: whether a static once-flag guards each {@code probe(..)}. */
final class OnceGuardTest {
  /** Answers whether a statement around {@code probe(..)}, within its method, guards it. */
  @BugPattern(summary = "guarded by a static once-flag", severity = WARNING)
  public static final class Guarded extends Probe {
    @Override
    protected String answer(TreePath argument, VisitorState state) {
      Tree child = argument.getParentPath().getLeaf();
      for (TreePath parent = argument.getParentPath().getParentPath();
          parent != null
              && !(parent.getLeaf() instanceof MethodTree)
              && !(parent.getLeaf() instanceof ClassTree);
          child = parent.getLeaf(), parent = parent.getParentPath()) {
        if (OnceGuard.guards(parent, child, state)) {
          return "guarded by a static once-flag";
        }
      }
      return null;
    }
  }

  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(Guarded.class, getClass());

  @Test
  void notGuards() {
    helper
        .addSourceLines(
            "NotGuards.java",
            "import java.util.HashSet;",
            "import java.util.List;",
            "import java.util.Set;",
            "import java.util.concurrent.atomic.AtomicBoolean;",
            "class NotGuards {",
            "  static boolean flag;",
            "  boolean instanceFlag;",
            "  final AtomicBoolean instanceAtomic = new AtomicBoolean();",
            "  static final List<String> LIST = new java.util.ArrayList<>();",
            "  static Thread hook;",
            "  static void probe(Object... values) {}",
            "  static final java.util.Map<String, String> MAP = new java.util.HashMap<>();",
            "  void f(boolean b, Set<String> local, java.util.Map<String, String> localMap) {",
            "    if (!flag) { probe(0); }", // never set
            "    if (flag) { flag = false; probe(0); }", // the wrong way round
            "    if (!instanceFlag) { instanceFlag = true; probe(0); }",
            "    if (instanceAtomic.compareAndSet(false, true)) { probe(0); }",
            "    if (!flag) { } else { flag = true; probe(0); }",
            "    if (LIST.add(\"x\")) { probe(0); }", // a list, not a set
            "    if (local.add(\"x\")) { probe(0); }",
            "    if (hook != null) { hook = null; probe(0); }",
            "    if (localMap.putIfAbsent(\"k\", \"v\") == null) { probe(0); }",
            "    if (MAP.putIfAbsent(\"k\", \"v\") != null) { probe(0); }",
            "    localMap.computeIfAbsent(\"k\", k -> { probe(0); return k; });",
            "    MAP.computeIfPresent(\"k\", (k, v) -> { probe(0); return v; });",
            "    if (b) { return; }",
            "    probe(0);",
            "    if (!flag) { Runnable r = () -> { flag = true; }; probe(0); }",
            "  }",
            "  static final int STARTING = 2;",
            "  static int state;",
            "  void states() {",
            "    synchronized (NotGuards.class) {",
            "      if (flag) {", // the lock sets nothing
            "        return;",
            "      }",
            "    }",
            "    flag = true;",
            "    probe(0);",
            "  }",
            "  void reset() {",
            "    if (state >= STARTING) {", // set to another state
            "      return;",
            "    }",
            "    state = 1;",
            "    probe(0);",
            "  }",
            "  void notYet() {",
            "    if (state > STARTING) {", // not yet true once set
            "      return;",
            "    }",
            "    state = STARTING;",
            "    probe(0);",
            "  }",
            "  static final int NEW = 0;",
            "  static final int RUNNING = 3;",
            "  static int phase;",
            "  void movesOn() {",
            "    if (phase == STARTING) {", // true only until the state moves on
            "      return;",
            "    }",
            "    phase = STARTING;",
            "    probe(0);",
            "    phase = RUNNING;",
            "  }",
            "  static int setBack;",
            "  void setBack() {",
            "    if (setBack >= STARTING) {",
            "      return;",
            "    }",
            "    setBack = STARTING;",
            "    try {",
            "      probe(0);",
            "    } finally {",
            "      setBack = NEW;", // every call passes again
            "    }",
            "  }",
            "  static int stopped;",
            "  void start() {",
            "    if (stopped >= STARTING) {",
            "      return;",
            "    }",
            "    stopped = STARTING;",
            "    probe(0);",
            "  }",
            "  void stop() {",
            "    stopped = NEW;", // start, stop, start
            "  }",
            "  static int counted;",
            "  void counted() {",
            "    if (counted >= STARTING) {",
            "      return;",
            "    }",
            "    counted = STARTING;",
            "    probe(0);",
            "  }",
            "  void countDown() {",
            "    counted--;",
            "  }",
            "  static int stoppedLater;",
            "  void startOnce() {",
            "    if (stoppedLater >= STARTING) {",
            "      return;",
            "    }",
            "    stoppedLater = STARTING;",
            "    probe(0);",
            "  }",
            "  final Runnable stopper = () -> stoppedLater = NEW;", // a lambda moves it back
            "  static boolean busy;",
            "  void busy() {",
            "    synchronized (NotGuards.class) {",
            "      if (busy) {",
            "        return;",
            "      }",
            "      busy = true;",
            "    }",
            "    try {",
            "      probe(0);",
            "    } finally {",
            "      synchronized (NotGuards.class) {",
            "        busy = false;", // a busy flag: the next call passes
            "      }",
            "    }",
            "  }",
            "  static boolean disabled;",
            "  void configured() {",
            "    synchronized (NotGuards.class) {",
            "      disabled = Boolean.getBoolean(\"no.hook\");", // read again on every call
            "      if (disabled) {",
            "        return;",
            "      }",
            "    }",
            "    probe(0);",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void guards() {
    helper
        .addSourceLines(
            "Guards.java",
            "import java.util.Set;",
            "import java.util.concurrent.ConcurrentHashMap;",
            "import java.util.concurrent.atomic.AtomicBoolean;",
            "import java.util.concurrent.atomic.AtomicInteger;",
            "class Guards {",
            "  static boolean registered;",
            "  static Thread hook;",
            "  static final AtomicBoolean DONE = new AtomicBoolean();",
            "  static final AtomicInteger STATE = new AtomicInteger();",
            "  static final Set<String> ACTIVE = ConcurrentHashMap.newKeySet();",
            "  static final ConcurrentHashMap<String, Thread> HOOKS = new ConcurrentHashMap<>();",
            "  static void probe(Object... values) {}",
            "  void flags(boolean enabled) {",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (!registered) { registered = true; probe(0); }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (!registered && enabled) { probe(0); registered = true; }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (registered) { } else { registered = true; probe(0); }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (hook == null) { hook = new Thread(); probe(0); }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (null == hook) { hook = new Thread(); probe(0); }",
            "  }",
            "  void atomics(String key) {",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (DONE.compareAndSet(false, true)) { probe(0); }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (STATE.compareAndSet(0, 1)) { probe(0); }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (!DONE.getAndSet(true)) { probe(0); }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (ACTIVE.add(key)) { probe(0); }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (HOOKS.putIfAbsent(key, new Thread()) == null) { probe(0); }",
            "    HOOKS.computeIfAbsent(",
            "        key,",
            "        k -> {",
            "          // BUG: Diagnostic contains: static once-flag",
            "          probe(0);",
            "          return new Thread();",
            "        });",
            "  }",
            "  void early() {",
            "    if (registered || hook != null) {",
            "      return;",
            "    }",
            "    registered = true;",
            "    // BUG: Diagnostic contains: static once-flag",
            "    probe(0);",
            "  }",
            "  void earlyAtomic() {",
            "    if (!DONE.compareAndSet(false, true)) {",
            "      throw new IllegalStateException();",
            "    }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    probe(0);",
            "  }",
            "  // Quarkus 3.15's Quarkus.manualStart, reduced: the flag tested and set under a lock.",
            "  void earlyLocked() {",
            "    synchronized (Guards.class) {",
            "      if (registered) {",
            "        return;",
            "      }",
            "      registered = true;",
            "    }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    probe(0);",
            "  }",
            "  static final int STARTING = 2;",
            "  static volatile int state;",
            "  // The same method's state, which only moves forward.",
            "  void earlyState() {",
            "    if (state >= STARTING) {",
            "      return;",
            "    }",
            "    state = STARTING;",
            "    // BUG: Diagnostic contains: static once-flag",
            "    probe(0);",
            "  }",
            "  static final int RUNNING = 3;",
            "  static int reversed;",
            "  void reversed() {",
            "    if (STARTING <= reversed) {",
            "      return;",
            "    }",
            "    reversed = STARTING;",
            "    // BUG: Diagnostic contains: static once-flag",
            "    probe(0);",
            "    reversed = RUNNING;", // further forward
            "  }",
            "  static int notNew;",
            "  void notNew() {",
            "    if (notNew != 0) {",
            "      return;",
            "    }",
            "    notNew = STARTING;",
            "    // BUG: Diagnostic contains: static once-flag",
            "    probe(0);",
            "  }",
            "  static int below;",
            "  void below() {",
            "    if (below < STARTING) {",
            "      below = STARTING;",
            "      // BUG: Diagnostic contains: static once-flag",
            "      probe(0);",
            "    }",
            "  }",
            "  enum Phase { NEW, STARTED }",
            "  static Phase phase = Phase.NEW;",
            "  void enumState() {",
            "    if (phase == Phase.STARTED) {",
            "      return;",
            "    }",
            "    phase = Phase.STARTED;",
            "    // BUG: Diagnostic contains: static once-flag",
            "    probe(0);",
            "  }",
            "  void lockedElse() {",
            "    synchronized (Guards.class) {",
            "      if (registered) {",
            "        return;",
            "      } else {",
            "        registered = true;",
            "      }",
            "    }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    probe(0);",
            "  }",
            "  // An enum's instances are its constants: a flag of one is set once per constant.",
            "  enum Single {",
            "    INSTANCE;",
            "    boolean hooked;",
            "    void ensure() {",
            "      if (hooked) {",
            "        return;",
            "      }",
            "      hooked = true;",
            "      // BUG: Diagnostic contains: static once-flag",
            "      probe(0);",
            "    }",
            "  }",
            "}")
        .doTest();
  }
}
