package io.github.deferlint.checks.util;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import io.github.deferlint.checks.Probe;
import org.junit.jupiter.api.Test;

/** Which variable an expression names: {@link Variables}, on its own. */
final class VariablesTest {
  /** Reports {@code [named x, rebindable x]} for {@code probe(expression)}; {@code -} for none. */
  @BugPattern(summary = "variables probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class VariablesProbe extends Probe {
    @Override
    protected String answer(TreePath argument, VisitorState state) {
      ExpressionTree expression = (ExpressionTree) argument.getLeaf();
      return "[named "
          + name(Variables.variableNamed(expression))
          + ", rebindable "
          + name(Variables.rebindable(expression))
          + "]";
    }

    private static String name(VarSymbol variable) {
      return variable == null ? "-" : variable.getSimpleName().toString();
    }
  }

  @Test
  void namedVariables() {
    CompilationTestHelper.newInstance(VariablesProbe.class, getClass())
        .addSourceLines(
            "Names.java",
            "class Names {",
            "  static void probe(Object... values) {}",
            "  static int counter;",
            "  static final int LIMIT = 3;",
            "  int field;",
            "  final int fixed = 1;",
            "  Names other;",
            "  int[] values = new int[2];",
            "  void f(int parameter) {",
            "    int local = 1;",
            "    // BUG: Diagnostic contains: [named local, rebindable local]",
            "    probe(local);",
            "    // BUG: Diagnostic contains: [named parameter, rebindable parameter]",
            "    probe((parameter));",
            "    // BUG: Diagnostic contains: [named field, rebindable field]",
            "    probe(field);",
            "    // BUG: Diagnostic contains: [named field, rebindable field]",
            "    probe(this.field);",
            "    // BUG: Diagnostic contains: [named fixed, rebindable -]",
            "    probe(fixed);",
            "    // A static field is the same variable everywhere, but no receiver to rebind.",
            "    // BUG: Diagnostic contains: [named counter, rebindable -]",
            "    probe(counter);",
            "    // BUG: Diagnostic contains: [named LIMIT, rebindable -]",
            "    probe(Names.LIMIT);",
            "    // Another object's field: which object may change.",
            "    // BUG: Diagnostic contains: [named -, rebindable -]",
            "    probe(other.field);",
            "    // BUG: Diagnostic contains: [named -, rebindable -]",
            "    probe(values[0]);",
            "    // BUG: Diagnostic contains: [named -, rebindable -]",
            "    probe(toString());",
            "  }",
            "}")
        .doTest();
  }
}
