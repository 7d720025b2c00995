package io.github.deferlint.checks.flow;

import static java.util.stream.Collectors.joining;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import io.github.deferlint.checks.util.Sources;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/** Where a value that may be null is used unchecked: {@link NullDereferences}, alone. */
final class NullDereferencesTest {
  /**
   * Reports where the value of {@code probe(x)} is dereferenced or unboxed before a null check in
   * the body around it: {@code [unboxed n:9, dereferenced s:12]}, or {@code [none]}.
   */
  @BugPattern(summary = "null dereferences probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class DereferencesProbe extends Probe {
    @Override
    protected String answer(TreePath argument, VisitorState state) {
      TreePath probe = argument.getParentPath();
      String uses =
          NullDereferences.all(
                  ControlFlow.graph(ControlFlow.enclosingBody(probe), state),
                  probe.getLeaf(),
                  state)
              .stream()
              .sorted(Comparator.comparingInt(use -> ASTHelpers.getStartPosition(use.value())))
              .map(
                  use ->
                      (use.unboxing() ? "unboxed " : "dereferenced ")
                          + Sources.shortSource(use.value(), state, 20)
                          + ":"
                          + Sources.lineOf(use.value(), state))
              .collect(joining(", "));
      return "[" + (uses.isEmpty() ? "none" : uses) + "]";
    }
  }

  @Test
  void usesBeforeANullCheck() {
    CompilationTestHelper.newInstance(DereferencesProbe.class, getClass())
        .addSourceLines(
            "Uses.java",
            "import java.util.List;",
            "import java.util.Objects;",
            "import java.util.function.IntSupplier;",
            "class Uses {",
            "  static <T> T probe(T value) { return value; }",
            "  static void log(Object o) {}",
            "  static void use(int i) {}",
            "  int direct(Integer x, String s) {",
            "    // BUG: Diagnostic contains: [unboxed probe(x):10]",
            "    int n = probe(x);",
            "    // BUG: Diagnostic contains: [dereferenced probe(s):12]",
            "    return probe(s).length() + n;",
            "  }",
            "  int throughLocals(Integer x, List<String> list, boolean verbose) {",
            "    // BUG: Diagnostic contains: [unboxed copy:20]",
            "    Integer n = probe(x);",
            "    Integer copy = (Integer) n;",
            "    // BUG: Diagnostic contains: [dereferenced names:21]",
            "    List<String> names = probe(list);",
            "    use(copy);",
            "    for (String name : names) { log(name); }",
            "    return copy + names.size();",
            "  }",
            "  int afterChecks(Integer x, String s, String t, Integer y) {",
            "    // BUG: Diagnostic contains: [none]",
            "    Integer n = probe(x);",
            "    if (n == null) {",
            "      return 0;",
            "    }",
            "    // BUG: Diagnostic contains: [none]",
            "    String a = probe(s);",
            "    Objects.requireNonNull(a);",
            "    // BUG: Diagnostic contains: [none]",
            "    Object b = probe(t);",
            "    if (b instanceof String text) {",
            "      log(text.length());",
            "    }",
            "    // BUG: Diagnostic contains: [none]",
            "    Integer c = probe(y);",
            "    return n + a.length() + (c != null ? c : 0);",
            "  }",
            "  int checkedOnOneBranch(Integer x, boolean verbose) {",
            "    // BUG: Diagnostic contains: [unboxed n:48]",
            "    Integer n = probe(x);",
            "    if (verbose && n != null) {",
            "      log(n);",
            "    }",
            "    return n;",
            "  }",
            "  void notDereferenced(String s, Integer x) {",
            "    // BUG: Diagnostic contains: [none]",
            "    String a = probe(s);",
            "    log(a);",
            "    log(\"text \" + a);",
            "    a = \"replaced\";",
            "    log(a.length());",
            "    // A returned value is the caller's business, unless a primitive is returned.",
            "    // BUG: Diagnostic contains: [unboxed probe(x):59]",
            "    IntSupplier supplier = () -> probe(x);",
            "  }",
            "  String array(String text) {",
            "    // BUG: Diagnostic contains: [dereferenced parts:64]",
            "    String[] parts = probe(text.split(\":\"));",
            "    return parts[1];",
            "  }",
            "  // BUG: Diagnostic contains: [dereferenced a:68]",
            "  String onlyTheFirst(String s) { String a = probe(s);",
            "    return a.trim() + a.strip();",
            "  }",
            "}")
        .doTest();
  }
}
