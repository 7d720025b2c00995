package io.github.deferlint.checks.util;

import static com.google.errorprone.util.ASTHelpers.getSymbol;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import io.github.deferlint.checks.Probe;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Where a private method is called or referenced: {@link PrivateCallSites}, alone. */
final class PrivateCallSitesTest {
  /** Reports the lines on which the private method called in {@code probe(m())} is used. */
  @BugPattern(summary = "private call sites probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class PrivateCallSitesProbe extends Probe {
    @Override
    protected String answer(TreePath argument, VisitorState state) {
      MethodSymbol method = getSymbol((MethodInvocationTree) argument.getLeaf());
      return PrivateCallSites.of(method, argument, state).stream()
          .map(site -> String.valueOf(Sources.lineOf(site.getLeaf(), state)))
          .collect(Collectors.joining(" ", "[", "]"));
    }
  }

  @Test
  void callsAndReferencesInTheirTopLevelClassOnly() {
    CompilationTestHelper.newInstance(PrivateCallSitesProbe.class, getClass())
        .addSourceLines(
            "Sites.java",
            "import java.util.function.Supplier;",
            "class Sites {",
            "  static void probe(Object value) {}",
            "  private static int helper() { return 1; }",
            "  void f() {",
            "    helper();",
            "    Supplier<Integer> later = Sites::helper;",
            "    // BUG: Diagnostic contains: probe: [6 7 9 14]",
            "    probe(helper());",
            "  }",
            "  class Inner {",
            "    void g() {",
            "      // In a nested class: the same top-level class.",
            "      helper();",
            "    }",
            "  }",
            "}",
            "class Other {",
            "  static void probe(Object value) {}",
            "  private static int helper() { return 2; }",
            "  void f() {",
            "    // Another top-level class's method of the same name is another method.",
            "    // BUG: Diagnostic contains: probe: [24]",
            "    probe(helper());",
            "  }",
            "}")
        .doTest();
  }
}
