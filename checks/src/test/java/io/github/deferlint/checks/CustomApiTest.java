package io.github.deferlint.checks;

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

  private static String[] lines(String... lines) {
    return lines;
  }
}
