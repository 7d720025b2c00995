package io.github.deferlint.checks.model;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.Probe;
import javax.inject.Inject;
import org.junit.jupiter.api.Test;

/** How each API spells itself in messages and fixes: {@link ApiWords}, on its own. */
final class ApiWordsTest {
  /** Reports the words of the API of {@code probe(scope)}'s argument's type. */
  @BugPattern(summary = "API words probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class WordsProbe extends Probe {
    private final DeferApi api;

    @Inject
    public WordsProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    protected String answer(TreePath argument, VisitorState state) {
      Type type = com.google.errorprone.util.ASTHelpers.getType(argument.getLeaf());
      ApiWords words = api.words(type, state);
      return String.format(
          "[%s defer=%s closing=%s recover=%s run=%s named=%s factory=%s]",
          words.scopeType(),
          words.defer().orElse("-"),
          words.closing().orElse("-"),
          words.recover().orElse("-"),
          words.runOpener().map(Object::toString).orElse("-"),
          words.namedOpener().map(Object::toString).orElse("-"),
          words.factory().map(Object::toString).orElse("-"));
    }
  }

  @Test
  void builtInApis() {
    CompilationTestHelper.newInstance(WordsProbe.class, getClass())
        .addSourceLines(
            "BuiltIn.java",
            "import com.google.common.io.Closer;",
            "import io.github.deferlint.defer.Scope;",
            "class BuiltIn {",
            "  static void probe(Object... values) {}",
            "  void f(Scope scope, Closer closer) {",
            "    // BUG: Diagnostic contains: [Scope defer=defer closing=closing recover=recover"
                + " run=Defer.run named=Defer.named factory=-]",
            "    probe(scope);",
            "    // BUG: Diagnostic contains: [Closer defer=- closing=register recover=- run=-"
                + " named=- factory=Closer.create]",
            "    probe(closer);",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void anApiNamedByFlags() {
    CompilationTestHelper.newInstance(WordsProbe.class, getClass())
        .setArgs(
            "-XepOpt:Deferlint:ScopeTypes=com.acme.Frame",
            "-XepOpt:Deferlint:OpenerTypes=com.acme.Frames",
            "-XepOpt:Deferlint:DeferMethods=onExit",
            "-XepOpt:Deferlint:RecoverMethods=rescue",
            "-XepOpt:Deferlint:ScopeFactories=com.acme.Frames.open")
        .addSourceLines(
            "com/acme/Frame.java",
            "package com.acme;",
            "public interface Frame extends AutoCloseable {",
            "  void onExit(Runnable action);",
            "  Throwable rescue();",
            "  @Override void close();",
            "}")
        .addSourceLines(
            "com/acme/Frames.java",
            "package com.acme;",
            "public final class Frames {",
            "  public static void within(java.util.function.Consumer<Frame> body) {}",
            "  public static Frame open() { return null; }",
            "}")
        .addSourceLines(
            "Client.java",
            "import com.acme.Frame;",
            "class Client {",
            "  static void probe(Object... values) {}",
            "  void f(Frame frame) {",
            "    // BUG: Diagnostic contains: [Frame defer=onExit closing=- recover=rescue"
                + " run=Frames.within named=- factory=Frames.open]",
            "    probe(frame);",
            "  }",
            "}")
        .doTest();
  }
}
