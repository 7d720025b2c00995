package io.github.deferlint.checks;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Another API of the same shape is checked once named by -XepOpt:Deferlint flags, not before. */
final class CustomApiTest {
  private static final String[] FRAME =
      lines(
          "package com.acme.frames;",
          "public interface Frame {",
          "  <A> void onExit(java.util.function.Consumer<A> action, A arg);",
          "}");
  private static final String[] FRAMES =
      lines(
          "package com.acme.frames;",
          "public final class Frames {",
          "  public static void within(java.util.function.Consumer<Frame> body) {}",
          "}");

  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(DeferEagerArgument.class, getClass())
          .addSourceLines("com/acme/frames/Frame.java", FRAME)
          .addSourceLines("com/acme/frames/Frames.java", FRAMES);

  @Test
  void checkedOnceConfigured() {
    helper
        .setArgs(
            List.of(
                "-XepOpt:Deferlint:ScopeTypes=com.acme.frames.Frame",
                "-XepOpt:Deferlint:OpenerTypes=com.acme.frames.Frames",
                "-XepOpt:Deferlint:DeferMethods=onExit"))
        .addSourceLines(
            "Client.java",
            "import com.acme.frames.Frames;",
            "class Client {",
            "  static void print(Object o) {}",
            "  void f() {",
            "    Frames.within(frame -> {",
            "      int a = 1;",
            "      // BUG: Diagnostic contains: not as assigned on line 9",
            "      frame.onExit(Client::print, a);",
            "      a = 2;",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void ignoredOtherwise() {
    helper
        .addSourceLines(
            "Client.java",
            "import com.acme.frames.Frames;",
            "class Client {",
            "  static void print(Object o) {}",
            "  void f() {",
            "    Frames.within(frame -> {",
            "      int a = 1;",
            "      frame.onExit(Client::print, a);",
            "      a = 2;",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  /** A custom API's user reads its own words in messages and fixes, never {@code Defer.run}. */
  @Test
  void messagesAndFixesSpeakTheApisWords() {
    String[] frame = {
      "package com.acme.frames;",
      "public interface Frame {",
      "  void onExit(Runnable action);",
      "  Throwable rescue();",
      "}"
    };
    String[] flags = {
      "-XepOpt:Deferlint:ScopeTypes=com.acme.frames.Frame",
      "-XepOpt:Deferlint:OpenerTypes=com.acme.frames.Frames",
      "-XepOpt:Deferlint:DeferMethods=onExit",
      "-XepOpt:Deferlint:RecoverMethods=rescue"
    };
    CompilationTestHelper.newInstance(DeferInLoop.class, getClass())
        .setArgs(List.of(flags))
        .addSourceLines("com/acme/frames/Frame.java", frame)
        .addSourceLines("com/acme/frames/Frames.java", FRAMES)
        .addSourceLines(
            "Loop.java",
            "import com.acme.frames.Frames;",
            "class Loop {",
            "  static void use(Object o) {}",
            "  void f(java.util.List<String> names) {",
            "    Frames.within(frame -> {",
            "      for (String name : names) {",
            "        // BUG: Diagnostic matches: PER_ITERATION",
            "        frame.onExit(() -> use(name));",
            "        use(name);",
            "      }",
            "    });",
            "  }",
            "}")
        .expectErrorMessage(
            "PER_ITERATION",
            message ->
                message.contains("wrap the loop body in `Frames.within(it -> { ... })`")
                    && !message.contains("Defer."))
        .doTest();
    BugCheckerRefactoringTestHelper.newInstance(DeferInLoop.class, getClass())
        .setArgs(flags)
        .addInputLines("com/acme/frames/Frame.java", frame)
        .expectUnchanged()
        .addInputLines("com/acme/frames/Frames.java", FRAMES)
        .expectUnchanged()
        .addInputLines(
            "Loop.java",
            "import com.acme.frames.Frames;",
            "class Loop {",
            "  static void use(Object o) {}",
            "  void f(java.util.List<String> names) {",
            "    Frames.within(frame -> {",
            "      for (String name : names) {",
            "        frame.onExit(() -> use(name));",
            "        use(name);",
            "      }",
            "    });",
            "  }",
            "}")
        .addOutputLines(
            "Loop.java",
            "import com.acme.frames.Frames;",
            "class Loop {",
            "  static void use(Object o) {}",
            "  void f(java.util.List<String> names) {",
            "    Frames.within(frame -> {",
            "      for (String name : names) {",
            "        Frames.within(it -> {",
            "          it.onExit(() -> use(name));",
            "          use(name);",
            "        });",
            "      }",
            "    });",
            "  }",
            "}")
        .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
    CompilationTestHelper.newInstance(RecoverOutsideDeferred.class, getClass())
        .setArgs(List.of(flags))
        .addSourceLines("com/acme/frames/Frame.java", frame)
        .addSourceLines("com/acme/frames/Frames.java", FRAMES)
        .addSourceLines(
            "Rescue.java",
            "import com.acme.frames.Frames;",
            "class Rescue {",
            "  void f() {",
            "    Frames.within(frame -> {",
            "      // BUG: Diagnostic matches: IN_BODY",
            "      Throwable t = frame.rescue();",
            "    });",
            "  }",
            "}")
        .expectErrorMessage(
            "IN_BODY",
            message ->
                message.contains("`frame.onExit(() -> { Throwable t = frame.rescue();")
                    && !message.contains(".defer(")
                    && !message.contains(".recover("))
        .doTest();
  }

  /** The value traps in a custom API's words: its registrations, its named opener. */
  @Test
  void valueTrapsSpeakTheApisWords() {
    String[] frame = {
      "package com.acme.frames;",
      "public interface Frame {",
      "  void onExit(Runnable action);",
      "  <H extends AutoCloseable> H own(H handle);",
      "  Throwable rescue();",
      "}"
    };
    String[] outcome = {
      "package com.acme.frames;",
      "public final class Outcome<T> {",
      "  public T get() { return null; }",
      "  public void set(T value) {}",
      "}"
    };
    String[] frames = {
      "package com.acme.frames;",
      "import java.util.function.BiFunction;",
      "import java.util.function.Function;",
      "public final class Frames {",
      "  public static <T> T compute(Function<Frame, T> body) { return null; }",
      "  public static <T> T withOutcome(T initial, BiFunction<Frame, Outcome<T>, T> body) {",
      "    return initial;",
      "  }",
      "}"
    };
    String[] flags = {
      "-XepOpt:Deferlint:ScopeTypes=com.acme.frames.Frame",
      "-XepOpt:Deferlint:OpenerTypes=com.acme.frames.Frames",
      "-XepOpt:Deferlint:ResultTypes=com.acme.frames.Outcome",
      "-XepOpt:Deferlint:DeferMethods=onExit",
      "-XepOpt:Deferlint:ClosingMethods=own",
      "-XepOpt:Deferlint:RecoverMethods=rescue"
    };
    String[] client = {
      "import com.acme.frames.Frames;",
      "class Client {",
      "  static Runnable timer(String name) { return () -> {}; }",
      "  static AutoCloseable span(String name) { return () -> {}; }",
      "  static void log(Object o) {}",
      "  int f(String text) {",
      "    int n = Frames.compute(frame -> {",
      "      frame.onExit(() -> timer(\"f\"));",
      "      frame.onExit(() -> span(\"f\"));",
      "      frame.onExit(() -> log(frame.rescue()));",
      "      return Integer.parseInt(text);",
      "    });",
      "    return n;",
      "  }",
      "}"
    };
    BugCheckerRefactoringTestHelper.newInstance(DeferredActionDiscarded.class, getClass())
        .setArgs(flags)
        .addInputLines("com/acme/frames/Frame.java", frame)
        .expectUnchanged()
        .addInputLines("com/acme/frames/Outcome.java", outcome)
        .expectUnchanged()
        .addInputLines("com/acme/frames/Frames.java", frames)
        .expectUnchanged()
        .addInputLines("Client.java", client)
        .addOutputLines(
            "Client.java",
            "import com.acme.frames.Frames;",
            "class Client {",
            "  static Runnable timer(String name) { return () -> {}; }",
            "  static AutoCloseable span(String name) { return () -> {}; }",
            "  static void log(Object o) {}",
            "  int f(String text) {",
            "    int n = Frames.compute(frame -> {",
            "      frame.onExit(timer(\"f\"));",
            "      frame.own(span(\"f\"));",
            "      frame.onExit(() -> log(frame.rescue()));",
            "      return Integer.parseInt(text);",
            "    });",
            "    return n;",
            "  }",
            "}")
        .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
    CompilationTestHelper.newInstance(RecoveredCallReturnsNull.class, getClass())
        .setArgs(List.of(flags))
        .addSourceLines("com/acme/frames/Frame.java", frame)
        .addSourceLines("com/acme/frames/Outcome.java", outcome)
        .addSourceLines("com/acme/frames/Frames.java", frames)
        .addSourceLines(
            "Client.java",
            "import com.acme.frames.Frames;",
            "class Client {",
            "  static void log(Object o) {}",
            "  int f(String text) {",
            "    // BUG: Diagnostic matches: NAMED",
            "    int n = Frames.compute(frame -> {",
            "      frame.onExit(() -> log(frame.rescue()));",
            "      return Integer.parseInt(text);",
            "    });",
            "    return n;",
            "  }",
            "}")
        .expectErrorMessage(
            "NAMED",
            message ->
                message.contains("`Frames.compute` returns null")
                    && message.contains("`Frames.withOutcome(0, (frame, result) -> ...)`")
                    && !message.contains("Defer."))
        .doTest();
  }

  private static String[] lines(String... lines) {
    return lines;
  }
}
