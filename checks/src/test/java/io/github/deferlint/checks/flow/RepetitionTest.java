package io.github.deferlint.checks.flow;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodInvocationTree;
import org.junit.jupiter.api.Test;

/** Repetition, through a checker that reports why each {@code mark()} call may run many times. */
final class RepetitionTest {
  /** Flags {@code mark()} with Repetition's reason, where it gives one. */
  @BugPattern(summary = "runs many times", severity = WARNING)
  public static final class Repeats extends BugChecker implements MethodInvocationTreeMatcher {
    @Override
    public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
      if (!call.getMethodSelect().toString().equals("mark")) {
        return NO_MATCH;
      }
      return Repetition.of(state.getPath(), state)
          .map(
              reason ->
                  buildDescription(call).setMessage(reason.where() + " / " + reason.each()).build())
          .orElse(NO_MATCH);
    }
  }

  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(Repeats.class, getClass());

  @Test
  void boundedCode() {
    helper
        .addSourceLines(
            "Bounded.java",
            "class Bounded {",
            "  static void mark() {}",
            "  static final Object FIELD = value();",
            "  static { mark(); }",
            "  private static Object value() { mark(); return null; }",
            "  public static void main(String[] args) { mark(); helper(); new Bounded(); }",
            "  private static void helper() { mark(); deeper(); }",
            "  private static void deeper() { mark(); }",
            "  private Bounded() { mark(); }",
            "  public static void premain(String args) { mark(); }",
            "  public static void agentmain(String args, java.lang.instrument.Instrumentation i) {",
            "    mark();",
            "  }",
            "  enum Color {",
            "    RED;",
            "    { mark(); }",
            "    Color() { mark(); }",
            "  }",
            "  static final Runnable ANONYMOUS = new Runnable() {",
            "    { mark(); }",
            "    public void run() {}",
            "  };",
            "  private static boolean done;",
            "  void guarded() { if (!done) { done = true; mark(); } }",
            "}")
        .doTest();
  }

  @Test
  void repeatedCode() {
    helper
        .addSourceLines(
            "Repeated.java",
            "import java.util.List;",
            "class Repeated {",
            "  static void mark() {}",
            "  // BUG: Diagnostic contains: in an instance initializer of `Repeated` / new `Repeated`",
            "  { mark(); }",
            "  // BUG: Diagnostic contains: in the initializer of the field `f` / new `Repeated`",
            "  final Object f = new Object() { { mark(); } };",
            "  // BUG: Diagnostic contains: in the constructor of `Repeated` / new `Repeated`",
            "  Repeated() { mark(); }",
            "  // BUG: Diagnostic contains: in `run()` / call",
            "  void run() { mark(); }",
            "  // BUG: Diagnostic contains: in static `open(..)` / call",
            "  static void open(String name) { mark(); }",
            "  public static void main(String[] args) {",
            "    // BUG: Diagnostic contains: in the loop on line 16 / iteration",
            "    for (String arg : args) { mark(); }",
            "    // BUG: Diagnostic contains: in the loop on line 18 / iteration",
            "    while (args.length > 0) { mark(); }",
            "    // BUG: Diagnostic contains: in the lambda on line 20 / run of it",
            "    Runnable r = () -> mark();",
            "    List.of(args).forEach(",
            "        // BUG: Diagnostic contains: in the lambda on line 23 / run of it",
            "        a -> mark());",
            "    new Thread() {",
            "      // BUG: Diagnostic contains: in `run()` of a local or anonymous class / run",
            "      public void run() { mark(); }",
            "    };",
            "    Runnable viaReference = Repeated::referenced;",
            "  }",
            "  // BUG: Diagnostic contains: in static `referenced()` / call",
            "  private static void referenced() { mark(); }",
            "  // BUG: Diagnostic contains: in static `unused()` / call",
            "  private static void unused() { mark(); }",
            "  // BUG: Diagnostic contains: in static `fromInstanceCode()` / call",
            "  private static void fromInstanceCode() { mark(); }",
            "  void caller() { fromInstanceCode(); }",
            "  // BUG: Diagnostic contains: in static `recursive(..)` / call",
            "  private static void recursive(int n) { if (n > 0) { recursive(n - 1); } mark(); }",
            "  static { recursive(3); }",
            "  static final class Outside implements Runnable {",
            "    // BUG: Diagnostic contains: in `run()` / call",
            "    public void run() { mark(); }",
            "  }",
            "}")
        .doTest();
  }
}
