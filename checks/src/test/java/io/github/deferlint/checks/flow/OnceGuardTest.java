package io.github.deferlint.checks.flow;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import org.junit.jupiter.api.Test;

/** OnceGuard, through a checker that flags each {@code once()} call a static once-flag guards. */
final class OnceGuardTest {
  /** Flags {@code once()} when an enclosing statement of its method guards it. */
  @BugPattern(summary = "guarded by a static once-flag", severity = WARNING)
  public static final class Guarded extends BugChecker implements MethodInvocationTreeMatcher {
    @Override
    public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
      if (!call.getMethodSelect().toString().equals("once")) {
        return NO_MATCH;
      }
      Tree child = call;
      for (TreePath parent = state.getPath().getParentPath();
          parent != null
              && !(parent.getLeaf() instanceof MethodTree)
              && !(parent.getLeaf() instanceof ClassTree);
          child = parent.getLeaf(), parent = parent.getParentPath()) {
        if (OnceGuard.guards(parent.getLeaf(), child, state)) {
          return describeMatch(call);
        }
      }
      return NO_MATCH;
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
            "  static void once() {}",
            "  void f(boolean b, Set<String> local) {",
            "    if (!flag) { once(); }", // never set
            "    if (flag) { flag = false; once(); }", // the wrong way round
            "    if (!instanceFlag) { instanceFlag = true; once(); }",
            "    if (instanceAtomic.compareAndSet(false, true)) { once(); }",
            "    if (!flag) { } else { flag = true; once(); }",
            "    if (LIST.add(\"x\")) { once(); }", // a list, not a set
            "    if (local.add(\"x\")) { once(); }",
            "    if (hook != null) { hook = null; once(); }",
            "    if (b) { return; }",
            "    once();",
            "    if (!flag) { Runnable r = () -> { flag = true; }; once(); }",
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
            "  static void once() {}",
            "  void flags(boolean enabled) {",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (!registered) { registered = true; once(); }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (!registered && enabled) { once(); registered = true; }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (registered) { } else { registered = true; once(); }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (hook == null) { hook = new Thread(); once(); }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (null == hook) { hook = new Thread(); once(); }",
            "  }",
            "  void atomics(String key) {",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (DONE.compareAndSet(false, true)) { once(); }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (STATE.compareAndSet(0, 1)) { once(); }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (!DONE.getAndSet(true)) { once(); }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    if (ACTIVE.add(key)) { once(); }",
            "  }",
            "  void early() {",
            "    if (registered || hook != null) {",
            "      return;",
            "    }",
            "    registered = true;",
            "    // BUG: Diagnostic contains: static once-flag",
            "    once();",
            "  }",
            "  void earlyAtomic() {",
            "    if (!DONE.compareAndSet(false, true)) {",
            "      throw new IllegalStateException();",
            "    }",
            "    // BUG: Diagnostic contains: static once-flag",
            "    once();",
            "  }",
            "}")
        .doTest();
  }
}
