package io.github.deferlint.checks.model;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.Probe;
import java.util.Optional;
import javax.inject.Inject;
import org.junit.jupiter.api.Test;

/** Which values are cleanups, and how a scope registers one: {@link DeferApi#cleanup}, alone. */
final class CleanupTest {
  /**
   * Reports what {@code probe(value, scope)}'s value is as a cleanup and how the scope registers
   * it: {@code [RESOURCE scope.closing(v)]}, {@code [ACTION -]} where no method takes it.
   */
  @BugPattern(summary = "cleanup probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class CleanupProbe extends Probe {
    private final DeferApi api;

    @Inject
    public CleanupProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    protected String answer(TreePath argument, VisitorState state) {
      Optional<Cleanup> cleanup = api.cleanup(ASTHelpers.getType(argument.getLeaf()), state);
      if (cleanup.isEmpty()) {
        return null;
      }
      MethodInvocationTree probe = (MethodInvocationTree) argument.getParentPath().getLeaf();
      Type scope = ASTHelpers.getType(probe.getArguments().get(1));
      String registered =
          api.registering(cleanup.get(), scope, state)
              .map(registering -> registering.render("scope", "v"))
              .orElse("-");
      return "[" + cleanup.get().kind() + " " + registered + "]";
    }
  }

  @Test
  void valuesThatAreCleanups() {
    CompilationTestHelper.newInstance(CleanupProbe.class, getClass())
        .addSourceLines(
            "Values.java",
            "import com.google.common.io.Closer;",
            "import io.github.deferlint.defer.Deferred;",
            "import io.github.deferlint.defer.Deferred1;",
            "import io.github.deferlint.defer.Scope;",
            "import java.io.Closeable;",
            "import java.io.InputStream;",
            "import java.util.concurrent.Callable;",
            "import java.util.concurrent.FutureTask;",
            "class Values {",
            "  interface Cleanup extends Runnable {}",
            "  static final class Undo implements Deferred { public void run() {} }",
            "  static void probe(Object value, Object scope) {}",
            "  void f(Scope scope, Closer closer, Deferred deferred, Deferred1<String> printer,",
            "      Runnable runnable, Cleanup cleanup, Undo undo, AutoCloseable closeable,",
            "      InputStream in, Closeable file) {",
            "    // BUG: Diagnostic contains: [ACTION scope.defer(v)]",
            "    probe(deferred, scope);",
            "    // A class that is a Deferred is one too: it was made to be deferred.",
            "    // BUG: Diagnostic contains: [ACTION scope.defer(v)]",
            "    probe(undo, scope);",
            "    // BUG: Diagnostic contains: [ACTION scope.defer(v::run)]",
            "    probe(runnable, scope);",
            "    // BUG: Diagnostic contains: [ACTION scope.defer(v::run)]",
            "    probe(cleanup, scope);",
            "    // An action that needs an argument: no one-argument registration takes it.",
            "    // BUG: Diagnostic contains: [ACTION -]",
            "    probe(printer, scope);",
            "    // BUG: Diagnostic contains: [RESOURCE scope.closing(v)]",
            "    probe(closeable, scope);",
            "    // BUG: Diagnostic contains: [RESOURCE scope.closing(v)]",
            "    probe(in, scope);",
            "    // Guava's Closer registers Closeables, and a Runnable through its run.",
            "    // BUG: Diagnostic contains: [RESOURCE scope.register(v)]",
            "    probe(file, closer);",
            "    // BUG: Diagnostic contains: [ACTION scope.register(v::run)]",
            "    probe(runnable, closer);",
            "    // close() and run() throw Exception, which a Closeable's close() may not.",
            "    // BUG: Diagnostic contains: [RESOURCE -]",
            "    probe(closeable, closer);",
            "    // BUG: Diagnostic contains: [ACTION -]",
            "    probe(deferred, closer);",
            "    // Runnables that are no function: a thread, a task.",
            "    probe(new Thread(runnable), scope);",
            "    probe(new FutureTask<>(runnable, null), scope);",
            "    probe((Callable<String>) () -> \"\", scope);",
            "    probe(\"text\", scope);",
            "    probe(42, scope);",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void theActionAndResourceTypesOfAnotherApi() {
    CompilationTestHelper.newInstance(CleanupProbe.class, getClass())
        .setArgs(
            "-XepOpt:Deferlint:ScopeTypes=com.acme.Frame",
            "-XepOpt:Deferlint:DeferMethods=onExit",
            "-XepOpt:Deferlint:ClosingMethods=own")
        .addSourceLines(
            "com/acme/Frame.java",
            "package com.acme;",
            "public interface Frame {",
            "  interface Hook { void fire(); }",
            "  interface Handle { void release(); }",
            "  void onExit(Hook hook);",
            "  <H extends Handle> H own(H handle);",
            "}")
        .addSourceLines(
            "Client.java",
            "import com.acme.Frame;",
            "class Client {",
            "  static void probe(Object value, Object scope) {}",
            "  void f(Frame frame, Frame.Hook hook, Frame.Handle handle, Runnable runnable) {",
            "    // BUG: Diagnostic contains: [ACTION scope.onExit(v)]",
            "    probe(hook, frame);",
            "    // BUG: Diagnostic contains: [RESOURCE scope.own(v)]",
            "    probe(handle, frame);",
            "    // BUG: Diagnostic contains: [ACTION scope.onExit(v::run)]",
            "    probe(runnable, frame);",
            "  }",
            "}")
        .doTest();
  }
}
