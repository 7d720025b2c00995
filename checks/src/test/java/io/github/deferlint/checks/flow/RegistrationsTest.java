package io.github.deferlint.checks.flow;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.Registration;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.junit.jupiter.api.Test;

/** Which registrations ran before a point: {@link Registrations}, on its own. */
final class RegistrationsTest {
  /**
   * Reports the lines of the registrations of the body around {@code probe(...)} that ran before it
   * on every path and on some path: {@code [every 7 | some 7,9]}.
   */
  @BugPattern(summary = "registrations probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class RegistrationsProbe extends Probe {
    private final DeferApi api;

    @Inject
    public RegistrationsProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    protected String answer(TreePath argument, VisitorState state) {
      TreePath body = ControlFlow.enclosingBody(argument);
      ControlFlowGraph graph = ControlFlow.graph(body, state);
      List<MethodInvocationTree> calls =
          Registrations.among(Registrations.callsIn(graph), call -> api.registration(call, state))
              .stream()
              .map(Registration::call)
              .toList();
      Node probe = graph.getTreeLookup().get(argument.getParentPath().getLeaf()).iterator().next();
      return "[every "
          + lines(Registrations.onEveryPath(graph, calls).before(probe), state)
          + " | some "
          + lines(Registrations.onSomePath(graph, calls).before(probe), state)
          + "]";
    }

    private static String lines(java.util.Set<com.sun.source.tree.Tree> calls, VisitorState state) {
      return calls.stream()
          .sorted(java.util.Comparator.comparingInt(ASTHelpers::getStartPosition))
          .map(call -> state.getSourceForNode(((MethodInvocationTree) call).getArguments().get(0)))
          .collect(Collectors.joining(","));
    }
  }

  @Test
  void ranBefore() {
    CompilationTestHelper.newInstance(RegistrationsProbe.class, getClass())
        .addSourceLines(
            "Paths.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Deferred;",
            "class Paths {",
            "  static void probe(Object... values) {}",
            "  void f(boolean when, Deferred a, Deferred b, Deferred c) {",
            "    Defer.run(scope -> {",
            "      // BUG: Diagnostic contains: [every  | some ]",
            "      probe(0);",
            "      scope.defer(a);",
            "      if (when) {",
            "        scope.defer(b);",
            "      }",
            "      // BUG: Diagnostic contains: [every a | some a,b]",
            "      probe(1);",
            "      for (int i = 0; i < 3; i++) {",
            "        // BUG: Diagnostic contains: [every a | some a,b,c]",
            "        probe(2);",
            "        scope.defer(c);",
            "      }",
            "    });",
            "  }",
            "}")
        .doTest();
  }
}
