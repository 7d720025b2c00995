package io.github.deferlint.checks.model;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import javax.inject.Inject;
import org.junit.jupiter.api.Test;

/** Which scope a variable holds: {@link DeferApi#resolveScope}, on its own. */
final class ScopeResolutionTest {
  /**
   * Reports {@code shape name} of the scope {@code probe(x)}'s argument denotes, or {@code none}.
   */
  @BugPattern(summary = "scope resolution probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class ScopeProbe extends Probe {
    private final DeferApi api;

    @Inject
    public ScopeProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    protected String answer(TreePath argument, VisitorState state) {
      return api.resolveScope((ExpressionTree) argument.getLeaf(), argument, state)
          .map(scope -> "[" + scope.shape() + " " + scope.name() + "]")
          .orElse("[none]");
    }
  }

  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(ScopeProbe.class, getClass());

  @Test
  void lambdaAndMethodParameters() {
    helper
        .addSourceLines(
            "Parameters.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Scope;",
            "import java.util.List;",
            "class Parameters {",
            "  static void probe(Object... values) {}",
            "  private Scope field;",
            "  void inlineBody() {",
            "    Defer.run(scope -> {",
            "      // BUG: Diagnostic contains: [INLINE_BODY scope]",
            "      probe(scope);",
            "      Scope alias = scope;",
            "      // BUG: Diagnostic contains: [INLINE_BODY scope]",
            "      probe(alias);",
            "      Scope reassigned = scope;",
            "      reassigned = null;",
            "      // BUG: Diagnostic contains: [none]",
            "      probe(reassigned);",
            "    });",
            "  }",
            "  void helper(Scope scope) {",
            "    // BUG: Diagnostic contains: [HANDED_IN scope]",
            "    probe(scope);",
            "  }",
            "  void handedToALambda(List<Scope> scopes) {",
            "    // BUG: Diagnostic contains: [HANDED_IN s]",
            "    scopes.forEach(s -> probe(s));",
            "  }",
            "  void notAScope(Scope other) {",
            "    // BUG: Diagnostic contains: [none]",
            "    probe(field);",
            "    // BUG: Diagnostic contains: [none]",
            "    probe(\"text\");",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void localsClosedAtTheEndOfATry() {
    helper
        .addSourceLines(
            "Closers.java",
            "import com.google.common.io.Closer;",
            "import java.io.IOException;",
            "class Closers {",
            "  static void probe(Object... values) {}",
            "  private Closer field;",
            "  void resource() throws IOException {",
            "    try (Closer closer = Closer.create()) {",
            "      // BUG: Diagnostic contains: [TRY_LOCAL closer]",
            "      probe(closer);",
            "      // BUG: Diagnostic contains: [TRY_LOCAL closer]",
            "      Runnable later = () -> probe(closer);",
            "    }",
            "  }",
            "  void namedResource() throws IOException {",
            "    Closer closer = Closer.create();",
            "    try (closer) {",
            "      // BUG: Diagnostic contains: [TRY_LOCAL closer]",
            "      probe(closer);",
            "    }",
            "  }",
            "  void closedInFinally() throws IOException {",
            "    Closer closer = Closer.create();",
            "    try {",
            "      // BUG: Diagnostic contains: [TRY_LOCAL closer]",
            "      probe(closer);",
            "    } catch (Throwable t) {",
            "      throw closer.rethrow(t);",
            "    } finally {",
            "      closer.close();",
            "    }",
            "  }",
            "  Closer returned() {",
            "    Closer closer = Closer.create();",
            "    // BUG: Diagnostic contains: [none]",
            "    probe(closer);",
            "    return closer;",
            "  }",
            "  void storedInAField() {",
            "    Closer closer = Closer.create();",
            "    field = closer;",
            "    // BUG: Diagnostic contains: [none]",
            "    probe(closer);",
            "  }",
            "  void usedBeforeTheTry() throws IOException {",
            "    Closer closer = Closer.create();",
            "    // BUG: Diagnostic contains: [none]",
            "    probe(closer);",
            "    try {",
            "    } finally {",
            "      closer.close();",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void customScopeTypesOnceNamed() {
    CompilationTestHelper.newInstance(ScopeProbe.class, getClass())
        .setArgs("-XepOpt:Deferlint:ScopeTypes=com.acme.Defers")
        .addSourceLines(
            "com/acme/Defers.java",
            "package com.acme;",
            "public final class Defers implements AutoCloseable {",
            "  public static Defers create() { return new Defers(); }",
            "  public void defer(Runnable action) {}",
            "  @Override public void close() {}",
            "}")
        .addSourceLines(
            "Client.java",
            "import com.acme.Defers;",
            "class Client {",
            "  static void probe(Object... values) {}",
            "  void f() {",
            "    try (Defers defers = Defers.create()) {",
            "      // BUG: Diagnostic contains: [TRY_LOCAL defers]",
            "      probe(defers);",
            "    }",
            "  }",
            "}")
        .doTest();
  }
}
