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

/** Where code runs relative to a scope's deferred actions: {@link Placement}, on its own. */
final class PlacementTest {
  /** Reports where {@code probe(scope)} runs relative to the actions of its argument's scope. */
  @BugPattern(summary = "placement probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class PlacementProbe extends Probe {
    private final DeferApi api;

    @Inject
    public PlacementProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    protected String answer(TreePath argument, VisitorState state) {
      return api.resolveScope((ExpressionTree) argument.getLeaf(), argument, state)
          .map(scope -> "[" + Placement.of(scope, argument, api, state).kind() + "]")
          .orElse("[no scope]");
    }
  }

  @Test
  void places() {
    CompilationTestHelper.newInstance(PlacementProbe.class, getClass())
        .addSourceLines(
            "Places.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Scope;",
            "import java.util.concurrent.ExecutorService;",
            "class Places {",
            "  static void probe(Object... values) {}",
            "  void f(ExecutorService executor) {",
            "    Defer.run(scope -> {",
            "      // BUG: Diagnostic contains: [IN_BODY]",
            "      probe(scope);",
            "      // BUG: Diagnostic contains: [IN_ACTION]",
            "      scope.defer(() -> probe(scope));",
            "      // BUG: Diagnostic contains: [NESTED]",
            "      scope.defer(() -> executor.submit(() -> probe(scope)));",
            "      Defer.run(inner -> {",
            "        // BUG: Diagnostic contains: [IN_OTHER_ACTION]",
            "        inner.defer(() -> probe(scope));",
            "      });",
            "      // BUG: Diagnostic contains: [UNKNOWN]",
            "      executor.submit(() -> probe(scope));",
            "      scope.defer(() -> helper(scope));",
            "      scope.defer(() -> called(scope));",
            "    });",
            "    Defer.run(scope -> called(scope));",
            "  }",
            "  private void helper(Scope scope) {",
            "    // BUG: Diagnostic contains: [IN_ACTION]",
            "    probe(scope);",
            "  }",
            "  private void called(Scope scope) {",
            "    // BUG: Diagnostic contains: [IN_HELPER]",
            "    probe(scope);",
            "  }",
            "  private void uncalled(Scope scope) {",
            "    // Dead code: no one can tell where it runs.",
            "    // BUG: Diagnostic contains: [UNKNOWN]",
            "    probe(scope);",
            "  }",
            "  void open(Scope scope) {",
            "    // BUG: Diagnostic contains: [UNKNOWN]",
            "    probe(scope);",
            "  }",
            "}")
        .doTest();
  }
}
