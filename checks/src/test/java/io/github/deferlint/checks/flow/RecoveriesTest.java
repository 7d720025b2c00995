package io.github.deferlint.checks.flow;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.util.Sources;
import javax.inject.Inject;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.junit.jupiter.api.Test;

/** Whether an action may stop a throwable and complete normally: {@link Recoveries}, alone. */
final class RecoveriesTest {
  /**
   * Reports, for the action {@code probe((Deferred) () -> ...)}, the line of the {@code recover()}
   * after which it may complete normally, or that there is none: {@code [recovers on line 9]},
   * {@code [no recovery]}.
   */
  @BugPattern(summary = "recoveries probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class RecoveriesProbe extends Probe {
    private final DeferApi api;

    @Inject
    public RecoveriesProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    protected String answer(TreePath argument, VisitorState state) {
      TreePath action =
          argument.getLeaf() instanceof TypeCastTree cast
              ? new TreePath(argument, cast.getExpression())
              : argument;
      ControlFlowGraph graph = ControlFlow.graph(action, state);
      return Recoveries.completingNormally(graph, call -> api.isRecover(call, state))
          .map(call -> "[recovers on line " + Sources.lineOf(call, state) + "]")
          .orElse("[no recovery]");
    }
  }

  @Test
  void pathsOnWhichAThrowableWasStopped() {
    CompilationTestHelper.newInstance(RecoveriesProbe.class, getClass())
        .addSourceLines(
            "Actions.java",
            "import io.github.deferlint.defer.Deferred;",
            "import io.github.deferlint.defer.Scope;",
            "import java.util.Objects;",
            "class Actions {",
            "  static void probe(Object... values) {}",
            "  static void log(Object o) {}",
            "  static void rethrow(Throwable t) {}",
            "  void f(Scope scope, boolean verbose) {",
            "    // BUG: Diagnostic contains: [recovers on line 10]",
            "    probe((Deferred) () -> log(scope.recover()));",
            "    // BUG: Diagnostic contains: [recovers on line 12]",
            "    probe((Deferred) () -> { if (scope.recover() != null) log(\"bad\"); });",
            "    // BUG: Diagnostic contains: [no recovery]",
            "    probe((Deferred) () -> { if (scope.recover() != null) throw new Exception(); });",
            "    // BUG: Diagnostic contains: [no recovery]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      Throwable same = t;",
            "      if (same == null) {",
            "        return;",
            "      }",
            "      log(t);",
            "      throw new IllegalStateException(t);",
            "    });",
            "    // The null test negated, and Objects.nonNull, are followed too.",
            "    // BUG: Diagnostic contains: [no recovery]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      if (!(t == null) || Objects.nonNull(t)) {",
            "        throw new IllegalStateException(t);",
            "      }",
            "    });",
            "    // An instanceof leaves other throwables stopped.",
            "    // BUG: Diagnostic contains: [recovers on line 36]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      if (t instanceof RuntimeException e) {",
            "        throw e;",
            "      }",
            "    });",
            "    // Stopped on one path of several, or after the variable was reassigned.",
            "    // BUG: Diagnostic contains: [recovers on line 44]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      if (t != null && verbose) {",
            "        throw new IllegalStateException(t);",
            "      }",
            "    });",
            "    // BUG: Diagnostic contains: [recovers on line 51]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      t = null;",
            "      if (t != null) {",
            "        throw new IllegalStateException(t);",
            "      }",
            "    });",
            "    // A helper that always throws is not followed: it may return, as far as this shows.",
            "    // BUG: Diagnostic contains: [recovers on line 60]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      if (t != null) {",
            "        rethrow(t);",
            "      }",
            "    });",
            "    // BUG: Diagnostic contains: [no recovery]",
            "    probe((Deferred) () -> log(\"no recover\"));",
            "  }",
            "}")
        .doTest();
  }
}
