package io.github.deferlint.checks.flow;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.Registration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.junit.jupiter.api.Test;

/**
 * Which registering calls have run on some path at a point, decided on the source: {@link
 * StraightLine}, on its own and held to the graph's answer ({@link Registrations#onSomePath}).
 */
final class StraightLineTest {
  /**
   * Reports, for {@code probe(...)}, the registering calls of its body that have run on some path
   * there, each by its first argument (an opener by its name): {@code [source a,Defer.run]}, or
   * {@code [graph]} where the source leaves it to the graph; {@code [source a, but the graph says
   * a,b]} where the two disagree.
   */
  @BugPattern(summary = "straight line probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class StraightLineProbe extends Probe {
    private final DeferApi api;

    @Inject
    public StraightLineProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    protected String answer(TreePath argument, VisitorState state) {
      TreePath site = argument.getParentPath();
      TreePath body = ControlFlow.enclosingBody(site);
      List<MethodInvocationTree> own = Registrations.callsIn(ControlFlow.code(body).getLeaf());
      List<MethodInvocationTree> calls = new ArrayList<>();
      Registrations.among(own, call -> api.registration(call, state)).stream()
          .map(Registration::call)
          .forEach(calls::add);
      calls.addAll(
          Registrations.inBodiesOfScopesOpened(
                  own, call -> api.registration(call, state), api, state)
              .keySet());
      ControlFlowGraph graph = ControlFlow.graph(body, state);
      Set<Tree> onGraph = ImmutableSet.of();
      for (Node node : graph.getTreeLookup().get(site.getLeaf())) {
        onGraph = Registrations.onSomePath(graph, calls).before(node);
      }
      String graphSays = named(onGraph, state);
      return StraightLine.ranOnSomePathBefore(ControlFlow.code(body), site, calls)
          .map(ran -> named(ran, state))
          .map(
              ran ->
                  "[source "
                      + ran
                      + (ran.equals(graphSays) ? "" : ", but the graph says " + graphSays)
                      + "]")
          .orElse("[graph]");
    }

    private static String named(Set<Tree> calls, VisitorState state) {
      return calls.stream()
          .map(MethodInvocationTree.class::cast)
          .sorted(Comparator.comparingInt(ASTHelpers::getStartPosition))
          .map(
              call ->
                  call.getArguments().isEmpty()
                          || call.getArguments().get(0).getKind() == Tree.Kind.LAMBDA_EXPRESSION
                      ? state.getSourceForNode(call.getMethodSelect())
                      : state.getSourceForNode(call.getArguments().get(0)))
          .collect(Collectors.joining(","));
    }
  }

  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(StraightLineProbe.class, getClass());

  @Test
  void leftToTheGraph() {
    helper
        .addSourceLines(
            "Unsettled.java",
            "import com.google.common.io.Closer;",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Deferred;",
            "import java.io.Closeable;",
            "import java.util.List;",
            "class Unsettled {",
            "  static Object probe(Object... values) { return null; }",
            "  void f(boolean when, List<String> names, Deferred a, Deferred b) {",
            "    Defer.run(scope -> {",
            "      scope.defer(a);",
            "      for (String name : names) {",
            "        // After it in the text, but in a loop: run on an earlier iteration.",
            "        // BUG: Diagnostic contains: [graph]",
            "        probe(0);",
            "        scope.defer(b);",
            "      }",
            "    });",
            "    Defer.run(scope -> {",
            "      if (when) {",
            "        scope.defer(a);",
            "        return;",
            "      }",
            "      // In a branch that may not reach the point.",
            "      // BUG: Diagnostic contains: [graph]",
            "      probe(1);",
            "    });",
            "  }",
            "  void g(Closeable in) throws Exception {",
            "    Closer closer = Closer.create();",
            "    // The point's own argument registers, before the point runs.",
            "    // BUG: Diagnostic contains: [graph]",
            "    probe(closer.register(in));",
            "  }",
            "  void h(Closeable in) throws Exception {",
            "    Closer other = Closer.create();",
            "    other.register(in).close();",
            "    // Part of a larger expression.",
            "    // BUG: Diagnostic contains: [graph]",
            "    probe(2);",
            "  }",
            "}")
        .doTest();
  }

  /**
   * Code that javac reaches and the graph does not (reduced from an adversarial probe of the
   * shortcut): the graph would find nothing run there, so the source does not answer.
   */
  @Test
  void leftToTheGraphWhereTheGraphLeavesOutCodeThatJavacReaches() {
    helper
        .addSourceLines(
            "LeftOut.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Deferred;",
            "import org.checkerframework.dataflow.qual.TerminatesExecution;",
            "class LeftOut {",
            "  static final boolean DEBUG = true;",
            "  static Object probe(Object... values) { return null; }",
            "  static void log(Object value) {}",
            "  @TerminatesExecution",
            "  static void fail() {",
            "    throw new IllegalStateException();",
            "  }",
            "  void f(Deferred a, boolean flag, Object o, String s, Object[] array) {",
            "    Defer.run(scope -> {",
            "      scope.defer(a);",
            "      fail();",
            "      // After a call that never returns.",
            "      // BUG: Diagnostic contains: [graph]",
            "      probe(0);",
            "    });",
            "    Defer.run(scope -> {",
            "      scope.defer(a);",
            "      while (flag || true) {}",
            "      // After a loop the graph takes for endless.",
            "      // BUG: Diagnostic contains: [graph]",
            "      probe(1);",
            "    });",
            "    Defer.run(scope -> {",
            "      scope.defer(a);",
            "      while (DEBUG || flag) {}",
            "      // BUG: Diagnostic contains: [graph]",
            "      probe(2);",
            "    });",
            "    Defer.run(scope -> {",
            "      scope.defer(a);",
            "      try {",
            "        return;",
            "      } catch (RuntimeException e) {",
            "        log(e);",
            "      }",
            "      // After a catch the graph does not reach: nothing in the try calls or throws.",
            "      // BUG: Diagnostic contains: [graph]",
            "      probe(3);",
            "    });",
            "    Defer.run(scope -> {",
            "      scope.defer(a);",
            "      try {",
            "      } catch (RuntimeException e) {",
            "        // BUG: Diagnostic contains: [graph]",
            "        probe(4);",
            "      }",
            "    });",
            "    Defer.run(scope -> {",
            "      scope.defer(a);",
            "      try {",
            "        String text = \"x\" + o;",
            "        synchronized (o) {",
            "          array[0] = s;",
            "        }",
            "        Runnable later = () -> log(text);",
            "        switch (s) {",
            "          default:",
            "            break;",
            "        }",
            "      } catch (RuntimeException e) {",
            "        // Reached at run time (o.toString(), a null lock or switch, an array store).",
            "        // BUG: Diagnostic contains: [source a]",
            "        probe(5);",
            "      }",
            "    });",
            "    Defer.run(scope -> {",
            "      scope.defer(a);",
            "      try {",
            "        switch (s) {",
            "          default:",
            "            break;",
            "        }",
            "      } catch (NullPointerException e) {",
            "        // A switch on a null string: reached at run time, by no edge of the graph.",
            "        // BUG: Diagnostic contains: [source a, but the graph says ]",
            "        probe(9);",
            "      }",
            "      try {",
            "        String text = \"x\" + o;",
            "      } catch (IllegalStateException e) {",
            "        // The toString() of o, likewise.",
            "        // BUG: Diagnostic contains: [source a, but the graph says ]",
            "        probe(10);",
            "      }",
            "    });",
            "    Defer.run(scope -> {",
            "      scope.defer(a);",
            "      try {",
            "        String text = \"x\" + s + 1;",
            "        synchronized (this) {",
            "          array[0] = text;",
            "        }",
            "        switch (array.length) {",
            "          default:",
            "            break;",
            "        }",
            "      } catch (IllegalStateException e) {",
            "        // Strings and numbers, the lock of this, a switch on an int: nothing throws an",
            "        // IllegalStateException.",
            "        // BUG: Diagnostic contains: [graph]",
            "        probe(8);",
            "      }",
            "    });",
            "    Defer.run(scope -> {",
            "      scope.defer(a);",
            "      try {",
            "        try {",
            "          log(o);",
            "        } catch (Throwable t) {",
            "          t = null;",
            "        }",
            "      } catch (RuntimeException e) {",
            "        // The inner catch takes all that the call throws.",
            "        // BUG: Diagnostic contains: [graph]",
            "        probe(6);",
            "      }",
            "    });",
            "    Defer.run(scope -> {",
            "      scope.defer(a);",
            "      try {",
            "        log(o);",
            "      } catch (RuntimeException e) {",
            "        // A call in the try: the graph reaches the catch.",
            "        // BUG: Diagnostic contains: [source a]",
            "        probe(7);",
            "      }",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void settledOnTheSource() {
    helper
        .addSourceLines(
            "Settled.java",
            "import com.google.common.io.Closer;",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Deferred;",
            "import io.github.deferlint.defer.Scope;",
            "import java.io.Closeable;",
            "import java.util.List;",
            "class Settled {",
            "  static Object probe(Object... values) { return null; }",
            "  static void log(Object value) {}",
            "  void f(List<String> names, Deferred a, Deferred c) {",
            "    Defer.run(scope -> {",
            "      // After the point, in no loop.",
            "      // BUG: Diagnostic contains: [source ]",
            "      probe(0);",
            "      scope.defer(a);",
            "      // Around the point, which is its argument.",
            "      // BUG: Diagnostic contains: [source a]",
            "      scope.defer(Settled::log, probe(1));",
            "      for (String name : names) {",
            "        // A statement of its own before the loop around the point.",
            "        // BUG: Diagnostic contains: [source a,Settled::log]",
            "        probe(2);",
            "      }",
            "      int size;",
            "      try {",
            "        size = 0;",
            "        // In the try, after a statement of its own before the try.",
            "        // BUG: Diagnostic contains: [source a,Settled::log]",
            "        probe(3);",
            "      } catch (RuntimeException e) {",
            "        // The graph reaches a catch even where nothing in the try can throw.",
            "        // BUG: Diagnostic contains: [source a,Settled::log]",
            "        probe(4);",
            "      } finally {",
            "        scope.defer(c);",
            "      }",
            "    });",
            "  }",
            "  void g(boolean when, Closeable in, Scope outer, Deferred a) throws Exception {",
            "    Closer closer = Closer.create();",
            "    Closeable registered = closer.register(in);",
            "    Defer.run(inner -> outer.defer(a));",
            "    if (when) {",
            "      // After a declaration it initializes and an opener whose body registers.",
            "      // BUG: Diagnostic contains: [source in,Defer.run]",
            "      probe(5);",
            "    }",
            "    switch (registered.hashCode()) {",
            "      case 1 -> {",
            "        // BUG: Diagnostic contains: [source in,Defer.run]",
            "        probe(6);",
            "      }",
            "      default -> {}",
            "    }",
            "  }",
            "}")
        .doTest();
  }
}
