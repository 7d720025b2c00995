package io.github.deferlint.checks.flow;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import io.github.deferlint.checks.flow.Loops.Loop;
import io.github.deferlint.checks.model.DeferApi;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.jupiter.api.Test;

/** The loops around a point, and which of them repeat it: {@link Loops}, on its own. */
final class LoopsTest {
  /**
   * Reports the loops between {@code probe(...)} and its method, innermost first, each as {@code
   * KIND:repeats|once[:endless]} (a forEach as its lambda); {@code [runs later]} where a lambda may
   * run later.
   */
  @BugPattern(summary = "loops probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class LoopsProbe extends Probe {
    private final DeferApi api;

    @Inject
    public LoopsProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    protected String answer(TreePath argument, VisitorState state) {
      TreePath probe = argument.getParentPath();
      TreePath method = probe;
      while (!(method.getLeaf() instanceof MethodTree)) {
        method = method.getParentPath();
      }
      Optional<ImmutableList<Loop>> loops = Loops.around(probe, method.getLeaf(), api, state);
      return loops
          .map(
              around ->
                  around.stream()
                      .map(
                          loop ->
                              loop.loop().getKind()
                                  + ":"
                                  + (loop.repeats(state) ? "repeats" : "once")
                                  + (loop.isEndless(state) ? ":endless" : ""))
                      .collect(Collectors.joining(" ", "[", "]")))
          .orElse("[runs later]");
    }
  }

  @Test
  void loopsAroundAPoint() {
    CompilationTestHelper.newInstance(LoopsProbe.class, getClass())
        .addSourceLines(
            "Points.java",
            "import io.github.deferlint.defer.Defer;",
            "import java.util.List;",
            "import java.util.concurrent.ExecutorService;",
            "class Points {",
            "  static void probe(Object... values) {}",
            "  void f(List<String> names, ExecutorService executor, boolean c) {",
            "    // BUG: Diagnostic contains: []",
            "    probe(0);",
            "    for (String name : names) {",
            "      // BUG: Diagnostic contains: [ENHANCED_FOR_LOOP:repeats]",
            "      probe(1);",
            "    }",
            "    while (true) {",
            "      for (int i = 0; i < 3; i++) {",
            "        // BUG: Diagnostic contains: [FOR_LOOP:repeats WHILE_LOOP:repeats:endless]",
            "        probe(2);",
            "      }",
            "    }",
            "  }",
            "  void leavesAfterTheFirst(List<String> names) {",
            "    for (String name : names) {",
            "      // BUG: Diagnostic contains: [ENHANCED_FOR_LOOP:once]",
            "      probe(3);",
            "      return;",
            "    }",
            "    do {",
            "      // BUG: Diagnostic contains: [DO_WHILE_LOOP:once]",
            "      probe(4);",
            "    } while (false);",
            "  }",
            "  void breaksOnOnePath(List<String> names, boolean c) {",
            "    for (String name : names) {",
            "      // BUG: Diagnostic contains: [ENHANCED_FOR_LOOP:repeats]",
            "      probe(5);",
            "      if (c) {",
            "        break;",
            "      }",
            "    }",
            "  }",
            "  void functions(List<String> names, ExecutorService executor) {",
            "    // BUG: Diagnostic contains: [LAMBDA_EXPRESSION:repeats]",
            "    names.forEach(name -> probe(6));",
            "    for (String name : names) {",
            "      // BUG: Diagnostic contains: [ENHANCED_FOR_LOOP:repeats]",
            "      Defer.run(scope -> probe(7));",
            "      // BUG: Diagnostic contains: [runs later]",
            "      executor.submit(() -> probe(8));",
            "    }",
            "  }",
            "  void throwCaughtInTheLoop(boolean c) {",
            "    while (true) {",
            "      try {",
            "        if (c) throw new IllegalStateException();",
            "      } catch (RuntimeException e) {",
            "        // BUG: Diagnostic contains: [WHILE_LOOP:repeats:endless]",
            "        probe(9);",
            "      }",
            "    }",
            "  }",
            "  void throwTheLoopsCatchDoesNotTake(boolean c) {",
            "    for (;;) {",
            "      try {",
            "        if (c) throw new IllegalStateException();",
            "      } catch (IllegalArgumentException e) {",
            "      }",
            "      // BUG: Diagnostic contains: [FOR_LOOP:repeats]",
            "      probe(10);",
            "    }",
            "  }",
            "}")
        .doTest();
  }
}
