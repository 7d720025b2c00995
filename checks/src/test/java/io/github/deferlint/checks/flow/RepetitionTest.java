package io.github.deferlint.checks.flow;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import org.junit.jupiter.api.Test;

/** Repetition, on its own: why each {@code probe(..)} may run many times. */
final class RepetitionTest {
  /** Answers why {@code probe(..)} may run many times, as "where / each"; nothing if bounded. */
  @BugPattern(summary = "runs many times", severity = WARNING)
  public static final class Repeats extends Probe {
    @Override
    protected String answer(TreePath argument, VisitorState state) {
      return Repetition.of(argument.getParentPath(), state)
          .map(reason -> reason.where() + " / " + reason.each())
          .orElse(null);
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
            "  static void probe(Object... values) {}",
            "  static final Object FIELD = value();",
            "  static { probe(0); }",
            "  private static Object value() { probe(0); return null; }",
            "  public static void main(String[] args) { probe(0); helper(); new Bounded(); }",
            "  private static void helper() { probe(0); deeper(); }",
            "  private static void deeper() { probe(0); }",
            "  private Bounded() { probe(0); }",
            "  public static void premain(String args) { probe(0); }",
            "  public static void agentmain(String args, java.lang.instrument.Instrumentation i) {",
            "    probe(0);",
            "  }",
            "  enum Color {",
            "    RED;",
            "    { probe(0); }",
            "    Color() { probe(0); }",
            "  }",
            "  static final Runnable ANONYMOUS = new Runnable() {",
            "    { probe(0); }",
            "    public void run() {}",
            "  };",
            "  private static boolean done;",
            "  void guarded() { if (!done) { done = true; probe(0); } }",
            "  static void localEnum() {",
            "    enum Local { X; Local() { probe(0); } }",
            "    Object constant = Local.X;",
            "  }",
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
            "  static void probe(Object... values) {}",
            "  // BUG: Diagnostic contains: in an instance initializer of `Repeated` / new `Repeated`",
            "  { probe(0); }",
            "  // BUG: Diagnostic contains: in the initializer of the field `f` / new `Repeated`",
            "  final Object f = new Object() { { probe(0); } };",
            "  // BUG: Diagnostic contains: in the constructor of `Repeated` / new `Repeated`",
            "  Repeated() { probe(0); }",
            "  // BUG: Diagnostic contains: in `run()` / call",
            "  void run() { probe(0); }",
            "  // BUG: Diagnostic contains: in static `open(..)` / call",
            "  static void open(String name) { probe(0); }",
            "  public static void main(String[] args) {",
            "    // BUG: Diagnostic contains: in the loop on line 16 / iteration",
            "    for (String arg : args) { probe(0); }",
            "    // BUG: Diagnostic contains: in the loop on line 18 / iteration",
            "    while (args.length > 0) { probe(0); }",
            "    // BUG: Diagnostic contains: in the lambda on line 20 / run of it",
            "    Runnable r = () -> probe(0);",
            "    List.of(args).forEach(",
            "        // BUG: Diagnostic contains: in the lambda on line 23 / run of it",
            "        a -> probe(0));",
            "    new Thread() {",
            "      // BUG: Diagnostic contains: in `run()` of a local or anonymous class / run",
            "      public void run() { probe(0); }",
            "    };",
            "    Runnable viaReference = Repeated::referenced;",
            "    class Temp {",
            "      // BUG: Diagnostic contains: in the constructor of the local class `Temp` / new `Temp`",
            "      Temp() { probe(0); }",
            "    }",
            "    record Pair(int a) {",
            "      // BUG: Diagnostic contains: in the constructor of the local record `Pair` / new `Pair`",
            "      Pair { probe(0); }",
            "    }",
            "  }",
            "  // BUG: Diagnostic contains: in static `referenced()` / call",
            "  private static void referenced() { probe(0); }",
            "  // BUG: Diagnostic contains: in static `unused()` / call",
            "  private static void unused() { probe(0); }",
            "  // BUG: Diagnostic contains: in static `fromInstanceCode()` / call",
            "  private static void fromInstanceCode() { probe(0); }",
            "  void caller() { fromInstanceCode(); }",
            "  // BUG: Diagnostic contains: in static `recursive(..)` / call",
            "  private static void recursive(int n) { if (n > 0) { recursive(n - 1); } probe(0); }",
            "  static { recursive(3); }",
            "  static final class Outside implements Runnable {",
            "    // BUG: Diagnostic contains: in `run()` / call",
            "    public void run() { probe(0); }",
            "  }",
            "}")
        .doTest();
  }
}
