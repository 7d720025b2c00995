package io.github.deferlint.checks.model;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodInvocationTree;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.jupiter.api.Test;

/** Which calls register, and how: {@link DeferApi#registration}, on its own. */
final class RegistrationTest {
  /** Reports each registration's kind and the variables it captures now. */
  @BugPattern(summary = "registration probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class RegistrationProbe extends BugChecker
      implements MethodInvocationTreeMatcher {
    private final DeferApi api;

    @Inject
    public RegistrationProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
      return api.registration(call, state)
          .map(
              registration ->
                  buildDescription(call)
                      .setMessage(
                          "["
                              + registration.kind()
                              + " captures "
                              + registration.capturedVariables().stream()
                                  .map(Object::toString)
                                  .sorted()
                                  .collect(Collectors.joining(","))
                              + "]")
                      .build())
          .orElse(Description.NO_MATCH);
    }
  }

  @Test
  void theRuntimesScope() {
    CompilationTestHelper.newInstance(RegistrationProbe.class, getClass())
        .addSourceLines(
            "Runtime.java",
            "import io.github.deferlint.defer.Defer;",
            "import java.io.InputStream;",
            "class Runtime {",
            "  static void print(Object o) {}",
            "  void f(InputStream in, InputStream other) {",
            "    Defer.run(scope -> {",
            "      int n = 1;",
            "      // BUG: Diagnostic contains: [DEFER captures ]",
            "      scope.defer(() -> print(n));",
            "      // BUG: Diagnostic contains: [DEFER captures n]",
            "      scope.defer(Runtime::print, n);",
            "      // BUG: Diagnostic contains: [DEFER captures in]",
            "      scope.defer(in::close);",
            "      // BUG: Diagnostic contains: [CLOSING captures ]",
            "      scope.closing(other);",
            "      // A function written inline is an action even where a resource is expected.",
            "      // BUG: Diagnostic contains: [DEFER captures other]",
            "      scope.closing(other::close);",
            "      // BUG: Diagnostic contains: [DEFER captures ]",
            "      scope.closing(() -> print(n));",
            "      scope.recover();",
            "      print(scope);",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void guavasCloser() {
    CompilationTestHelper.newInstance(RegistrationProbe.class, getClass())
        .addSourceLines(
            "Guava.java",
            "import com.google.common.io.Closer;",
            "import java.io.IOException;",
            "import java.io.InputStream;",
            "class Guava {",
            "  void f(InputStream in) throws IOException {",
            "    try (Closer closer = Closer.create()) {",
            "      // BUG: Diagnostic contains: [CLOSING captures ]",
            "      closer.register(in);",
            "      // BUG: Diagnostic contains: [DEFER captures in]",
            "      closer.register(in::close);",
            "      // BUG: Diagnostic contains: [DEFER captures ]",
            "      closer.register(() -> {});",
            "      closer.close();",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void otherApisOnlyOnceNamed() {
    String[] api = {
      "package com.acme;",
      "public interface Frame {",
      "  void onExit(Runnable action);",
      "  void defer(Runnable action);",
      "}"
    };
    String[] client = {
      "import com.acme.Frame;",
      "class Client {",
      "  void f(Frame frame) {",
      "    frame.onExit(() -> {});",
      "    frame.defer(() -> {});",
      "  }",
      "}"
    };
    CompilationTestHelper.newInstance(RegistrationProbe.class, getClass())
        .addSourceLines("com/acme/Frame.java", api)
        .addSourceLines("Client.java", client)
        .doTest();
    CompilationTestHelper.newInstance(RegistrationProbe.class, getClass())
        .setArgs(
            "-XepOpt:Deferlint:ScopeTypes=com.acme.Frame", "-XepOpt:Deferlint:DeferMethods=onExit")
        .addSourceLines("com/acme/Frame.java", api)
        .addSourceLines(
            "Client.java",
            "import com.acme.Frame;",
            "class Client {",
            "  void f(Frame frame) {",
            "    // BUG: Diagnostic contains: [DEFER",
            "    frame.onExit(() -> {});",
            "    // The runtime's names apply to the types the flags name.",
            "    // BUG: Diagnostic contains: [DEFER",
            "    frame.defer(() -> {});",
            "  }",
            "}")
        .doTest();
  }
}
