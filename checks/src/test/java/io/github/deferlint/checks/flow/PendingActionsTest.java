package io.github.deferlint.checks.flow;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import io.github.deferlint.checks.model.DeferApi;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.jupiter.api.Test;

/** Which deferred actions are still to run at a point: {@link PendingActions}, on its own. */
final class PendingActionsTest {
  /**
   * Reports, for {@code probe(...)}, the first argument of each pending registration with the name
   * of its scope, and the scope of the deferred action the probe runs in: {@code [a@scope, b@closer
   * | in action of scope]}.
   */
  @BugPattern(summary = "pending actions probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class PendingProbe extends Probe {
    private final DeferApi api;

    @Inject
    public PendingProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    protected String answer(TreePath argument, VisitorState state) {
      PendingActions pending = PendingActions.at(argument.getParentPath(), api, state);
      return "["
          + pending.pending().stream()
              .map(p -> state.getSourceForNode(p.registration().action()) + "@" + p.scope().name())
              .collect(Collectors.joining(", "))
          + pending
              .action()
              .map(
                  action ->
                      " | in action of " + action.scope().map(s -> s.name()).orElse("unknown"))
              .orElse("")
          + "]";
    }
  }

  /** Reports whether finding the actions pending at {@code probe(...)} built its body's graph. */
  @BugPattern(summary = "pending actions graph probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class GraphProbe extends Probe {
    private final DeferApi api;

    @Inject
    public GraphProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    protected String answer(TreePath argument, VisitorState state) {
      int pending = PendingActions.at(argument.getParentPath(), api, state).pending().size();
      boolean built = ControlFlow.wasAskedFor(ControlFlow.enclosingBody(argument).getLeaf(), state);
      return "[" + pending + (built ? " on the graph]" : " on the source]");
    }
  }

  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(PendingProbe.class, getClass());

  @Test
  void inScopeBodies() {
    helper
        .addSourceLines(
            "Bodies.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Deferred;",
            "import java.util.List;",
            "import java.util.concurrent.ExecutorService;",
            "class Bodies {",
            "  static void probe(Object... values) {}",
            "  void f(boolean when, List<String> names, ExecutorService executor,",
            "      Deferred a, Deferred b, Deferred c, Deferred d) {",
            "    // BUG: Diagnostic contains: []",
            "    probe(0);",
            "    Defer.run(outer -> {",
            "      // BUG: Diagnostic contains: []",
            "      probe(1);",
            "      outer.defer(a);",
            "      if (when) {",
            "        outer.defer(b);",
            "        return;",
            "      }",
            "      // BUG: Diagnostic contains: [a@outer]",
            "      probe(2);",
            "      Defer.run(inner -> {",
            "        inner.defer(c);",
            "        // BUG: Diagnostic contains: [a@outer, c@inner]",
            "        names.forEach(name -> probe(3));",
            "        // BUG: Diagnostic contains: [a@outer, c@inner | in action of inner]",
            "        inner.defer(() -> probe(4));",
            "        // BUG: Diagnostic contains: [a@outer, c@inner, () -> probe(4)@inner | in action",
            "        inner.defer(() -> probe(5));",
            "        // Runs elsewhere: nothing known.",
            "        // BUG: Diagnostic contains: []",
            "        executor.submit(() -> probe(6));",
            "      });",
            "      // BUG: Diagnostic contains: [a@outer]",
            "      probe(7);",
            "      for (int i = 0; i < 2; i++) {",
            "        // BUG: Diagnostic contains: [a@outer, d@outer]",
            "        probe(8);",
            "        outer.defer(d);",
            "      }",
            "      for (String name : names) {",
            "        // Its own earlier registrations are not pending for the action itself.",
            "        // BUG: Diagnostic contains: [a@outer, d@outer | in action of outer]",
            "        outer.defer(() -> probe(10));",
            "      }",
            "    });",
            "    // BUG: Diagnostic contains: []",
            "    probe(9);",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void inTryLocalsAndHelpers() {
    helper
        .addSourceLines(
            "Locals.java",
            "import com.google.common.io.Closer;",
            "import io.github.deferlint.defer.Scope;",
            "import java.io.Closeable;",
            "import java.io.IOException;",
            "class Locals {",
            "  static void probe(Object... values) {}",
            "  void tryWithResources(Closeable in) throws IOException {",
            "    try (Closer closer = Closer.create()) {",
            "      closer.register(in);",
            "      // BUG: Diagnostic contains: [in@closer]",
            "      probe(0);",
            "    }",
            "    // BUG: Diagnostic contains: []",
            "    probe(1);",
            "  }",
            "  void finallyIdiom(Closeable in) throws IOException {",
            "    Closer closer = Closer.create();",
            "    try {",
            "      closer.register(in);",
            "      // BUG: Diagnostic contains: [in@closer]",
            "      probe(2);",
            "    } catch (Throwable t) {",
            "      // BUG: Diagnostic contains: [in@closer]",
            "      probe(3);",
            "      throw closer.rethrow(t);",
            "    } finally {",
            "      // BUG: Diagnostic contains: []",
            "      probe(4);",
            "      closer.close();",
            "    }",
            "  }",
            "  static void handedIn(Scope scope, Runnable r) {",
            "    // BUG: Diagnostic contains: []",
            "    probe(5);",
            "    scope.defer(r::run);",
            "    // BUG: Diagnostic contains: [r::run@scope]",
            "    probe(6);",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void graphOnlyWhereTheSourceDoesNotSettleIt() {
    CompilationTestHelper.newInstance(GraphProbe.class, getClass())
        .addSourceLines(
            "Graphs.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Deferred;",
            "import java.util.List;",
            "class Graphs {",
            "  static void probe(Object... values) {}",
            "  void straight(boolean when, Deferred a) {",
            "    Defer.run(scope -> {",
            "      scope.defer(a);",
            "      if (when) {",
            "        // BUG: Diagnostic contains: [1 on the source]",
            "        probe(0);",
            "      }",
            "    });",
            "  }",
            "  void looping(List<String> names, Deferred a) {",
            "    Defer.run(scope -> {",
            "      for (String name : names) {",
            "        // BUG: Diagnostic contains: [1 on the graph]",
            "        probe(1);",
            "        scope.defer(a);",
            "      }",
            "    });",
            "  }",
            "}")
        .doTest();
  }
}
