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
   * the body around it: {@code [unboxed n:9, dereferenced s:12]}, or {@code [none]}; and {@code
   * [skipped, but ...]} if the source-level test would have skipped a body with dereferences.
   */
  @BugPattern(summary = "null dereferences probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class DereferencesProbe extends Probe {
    @Override
    protected String answer(TreePath argument, VisitorState state) {
      TreePath probe = argument.getParentPath();
      String uses = usesOnTheGraph(probe, state);
      boolean skipped = !NullDereferences.mayBeDereferenced(probe, state);
      String rightAway =
          NullDereferences.rightAway(probe, state)
              .filter(use -> !use.equals(firstOnTheGraph(probe, state)))
              .map(use -> ", but right away " + describe(use, state))
              .orElse("");
      return "["
          + (skipped && !uses.isEmpty() ? "skipped, but " : "")
          + (uses.isEmpty() ? "none" : uses)
          + rightAway
          + "]";
    }
  }

  /** The dereferences of the value of {@code probe} that its body's graph finds, in order. */
  private static String usesOnTheGraph(TreePath probe, VisitorState state) {
    return NullDereferences.all(
            ControlFlow.graph(ControlFlow.enclosingBody(probe), state), probe.getLeaf(), state)
        .stream()
        .sorted(Comparator.comparingInt(use -> ASTHelpers.getStartPosition(use.value())))
        .map(use -> describe(use, state))
        .collect(joining(", "));
  }

  private static NullDereferences.Dereference firstOnTheGraph(TreePath probe, VisitorState state) {
    return NullDereferences.first(
            ControlFlow.graph(ControlFlow.enclosingBody(probe), state), probe.getLeaf(), state)
        .orElse(null);
  }

  private static String describe(NullDereferences.Dereference use, VisitorState state) {
    return (use.unboxing() ? "unboxed " : "dereferenced ")
        + Sources.shortSource(use.value(), state, 20)
        + ":"
        + Sources.lineOf(use.value(), state);
  }

  /**
   * Reports whether the first dereference of {@code probe(x)} is decided where it is written:
   * {@code [right away: unboxed probe(x):9]}, or {@code [on the graph]}; and {@code [right away:
   * ..., but the graph was built]} if {@link NullDereferences#first(TreePath, VisitorState)} built
   * the body's graph all the same.
   */
  @BugPattern(summary = "right-away dereference probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class RightAwayProbe extends Probe {
    @Override
    protected String answer(TreePath argument, VisitorState state) {
      TreePath probe = argument.getParentPath();
      NullDereferences.first(probe, state);
      boolean graphBuilt =
          ControlFlow.wasAskedFor(ControlFlow.enclosingBody(probe).getLeaf(), state);
      return NullDereferences.rightAway(probe, state)
          .map(
              use ->
                  "[right away: "
                      + describe(use, state)
                      + (graphBuilt ? ", but the graph was built" : "")
                      + "]")
          .orElse("[on the graph]");
    }
  }

  /**
   * Reports whether every use of the local that {@code probe(x)} initializes is checked on the
   * source ({@link NullDereferences#checkedBeforeEveryUse}): {@code [checked]} or {@code [left to
   * the graph]}; {@code [checked, but the graph finds ...]} where the graph disagrees.
   */
  @BugPattern(summary = "checked-use probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class CheckedProbe extends Probe {
    @Override
    protected String answer(TreePath argument, VisitorState state) {
      TreePath probe = argument.getParentPath();
      if (!NullDereferences.checkedBeforeEveryUse(probe)) {
        return "[left to the graph]";
      }
      String uses = usesOnTheGraph(probe, state);
      return uses.isEmpty() ? "[checked]" : "[checked, but the graph finds " + uses + "]";
    }
  }

  /** Reports whether the graph around {@code probe(x)} is looked at: {@code [looked at]}. */
  @BugPattern(summary = "null dereferences gate probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class GateProbe extends Probe {
    @Override
    protected String answer(TreePath argument, VisitorState state) {
      return NullDereferences.mayBeDereferenced(argument.getParentPath(), state)
          ? "[looked at]"
          : "[skipped]";
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
            "  void lockedAndThrown(Object lock, RuntimeException failure) {",
            "    // BUG: Diagnostic contains: [dereferenced monitor:73]",
            "    Object monitor = probe(lock);",
            "    synchronized (monitor) {",
            "      log(1);",
            "    }",
            "    // BUG: Diagnostic contains: [dereferenced thrown:78]",
            "    RuntimeException thrown = probe(failure);",
            "    throw thrown;",
            "  }",
            "  void namedResource(AutoCloseable c) throws Exception {",
            "    // try (r) closes r only if it is not null, as a resource declared there.",
            "    // BUG: Diagnostic contains: [none]",
            "    AutoCloseable r = probe(c);",
            "    try (r) {",
            "      log(1);",
            "    }",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void sourceLevelTestSkipsValuesThatCannotReachADereference() {
    CompilationTestHelper.newInstance(GateProbe.class, getClass())
        .addSourceLines(
            "Gate.java",
            "import java.util.List;",
            "import java.util.function.Supplier;",
            "class Gate {",
            "  static <T> T probe(T value) { return value; }",
            "  static void log(Object o) {}",
            "  String field;",
            "  Object skipped(String s, List<String> list) {",
            "    // BUG: Diagnostic contains: [skipped]",
            "    probe(s);",
            "    // BUG: Diagnostic contains: [skipped]",
            "    log(probe(s));",
            "    // BUG: Diagnostic contains: [skipped]",
            "    new StringBuilder(probe(s));",
            "    // BUG: Diagnostic contains: [skipped]",
            "    field = (probe(s));",
            "    // BUG: Diagnostic contains: [skipped]",
            "    boolean missing = probe(s) == null;",
            "    // BUG: Diagnostic contains: [skipped]",
            "    log(\"text \" + probe(s));",
            "    // BUG: Diagnostic contains: [skipped]",
            "    Supplier<List<String>> later = () -> probe(list);",
            "    // BUG: Diagnostic contains: [skipped]",
            "    return probe(list);",
            "  }",
            "  <T> int lookedAt(String s, Integer n, T t, Boolean flag) {",
            "    // BUG: Diagnostic contains: [looked at]",
            "    String local = probe(s);",
            "    // BUG: Diagnostic contains: [looked at]",
            "    local = probe(s);",
            "    // BUG: Diagnostic contains: [looked at]",
            "    int length = probe(s).length();",
            "    // BUG: Diagnostic contains: [looked at]",
            "    log(probe(n));",
            "    // BUG: Diagnostic contains: [looked at]",
            "    log(probe(t));",
            "    // BUG: Diagnostic contains: [looked at]",
            "    for (char c : probe(s).toCharArray()) {}",
            "    // BUG: Diagnostic contains: [looked at]",
            "    String chosen = flag ? probe(s) : \"\";",
            "    // BUG: Diagnostic contains: [looked at]",
            "    return probe(n);",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void aUseRightWhereTheValueIsMadeIsDecidedWithoutTheGraph() {
    CompilationTestHelper.newInstance(RightAwayProbe.class, getClass())
        .addSourceLines(
            "RightAway.java",
            "import java.util.function.IntSupplier;",
            "import java.util.function.Supplier;",
            "class RightAway {",
            "  static <T> T probe(T value) { return value; }",
            "  static void log(Object o) {}",
            "  // BUG: Diagnostic contains: [right away: unboxed probe(7):7]",
            "  int field = probe(7);",
            "  String text;",
            "  long rightAway(Integer x, String s, int n) {",
            "    // BUG: Diagnostic contains: [right away: unboxed probe(x):11]",
            "    int a = probe(x);",
            "    // BUG: Diagnostic contains: [right away: unboxed probe(x):13]",
            "    a = (probe(x));",
            "    // BUG: Diagnostic contains: [right away: unboxed probe(x):15]",
            "    n += probe(x);",
            "    // BUG: Diagnostic contains: [right away: dereferenced probe(s):17]",
            "    log(probe(s).trim());",
            "    // BUG: Diagnostic contains: [right away: unboxed probe(x):19]",
            "    IntSupplier later = () -> probe(x);",
            "    IntSupplier block = () -> {",
            "      // BUG: Diagnostic contains: [right away: unboxed probe(x):22]",
            "      return probe(x);",
            "    };",
            "    // BUG: Diagnostic contains: [right away: unboxed probe(x):25]",
            "    return probe(x);",
            "  }",
            "  Object onTheGraph(Integer x, String s, Object o) {",
            "    // BUG: Diagnostic contains: [on the graph]",
            "    Integer boxed = probe(x);",
            "    // BUG: Diagnostic contains: [on the graph]",
            "    text += probe(s);",
            "    // BUG: Diagnostic contains: [on the graph]",
            "    int cast = (int) probe(o);",
            "    // BUG: Diagnostic contains: [on the graph]",
            "    log(probe(s).CASE_INSENSITIVE_ORDER);",
            "    // BUG: Diagnostic contains: [on the graph]",
            "    log(probe(s).valueOf(1));",
            "    // BUG: Diagnostic contains: [on the graph]",
            "    log(probe(x) + 1);",
            "    // BUG: Diagnostic contains: [on the graph]",
            "    Supplier<Integer> boxedLater = () -> probe(x);",
            "    // BUG: Diagnostic contains: [on the graph]",
            "    return probe(x);",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void aUseRightAwayIsTheFirstTheGraphFinds() {
    CompilationTestHelper.newInstance(DereferencesProbe.class, getClass())
        .addSourceLines(
            "Agrees.java",
            "import java.util.function.IntSupplier;",
            "class Agrees {",
            "  static <T> T probe(T value) { return value; }",
            "  static void log(Object o) {}",
            "  long agrees(Integer x, String s, int n, boolean again) {",
            "    // BUG: Diagnostic contains: [unboxed probe(x):7]",
            "    int a = probe(x);",
            "    // BUG: Diagnostic contains: [unboxed probe(x):9]",
            "    a = (probe(x));",
            "    while (again) {",
            "      // BUG: Diagnostic contains: [unboxed probe(x):12]",
            "      n += probe(x);",
            "      // BUG: Diagnostic contains: [dereferenced probe(s):14]",
            "      log(probe(s).trim());",
            "    }",
            "    // BUG: Diagnostic contains: [unboxed probe(x):17]",
            "    IntSupplier later = () -> probe(x);",
            "    IntSupplier block = () -> {",
            "      // BUG: Diagnostic contains: [unboxed probe(x):20]",
            "      return probe(x);",
            "    };",
            "    // BUG: Diagnostic contains: [unboxed probe(x):23]",
            "    return probe(x);",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void usesCheckedOnTheSource() {
    CompilationTestHelper.newInstance(CheckedProbe.class, getClass())
        .addSourceLines(
            "Checked.java",
            "import java.util.function.Supplier;",
            "class Checked {",
            "  static <T> T probe(T value) { return value; }",
            "  static void log(Object o) {}",
            "  int unchecked(Integer x) {",
            "    // BUG: Diagnostic contains: [left to the graph]",
            "    Integer n = probe(x);",
            "    return n + 1;",
            "  }",
            "  int checkedAfter(Integer x) {",
            "    // A test that returns first: left to the graph, which follows the return.",
            "    // BUG: Diagnostic contains: [left to the graph]",
            "    Integer n = probe(x);",
            "    if (n == null) {",
            "      return -1;",
            "    }",
            "    return n + 1;",
            "  }",
            "  int wrongBranch(Integer x) {",
            "    // BUG: Diagnostic contains: [left to the graph]",
            "    Integer n = probe(x);",
            "    return n != null ? -1 : n + 1;",
            "  }",
            "  int assignedAgain(Integer x, Integer y) {",
            "    // BUG: Diagnostic contains: [left to the graph]",
            "    Integer n = probe(x);",
            "    if (n != null) {",
            "      n = y;",
            "      return n + 1;",
            "    }",
            "    return 0;",
            "  }",
            "  Supplier<Integer> captured(Integer x) {",
            "    // BUG: Diagnostic contains: [left to the graph]",
            "    Integer n = probe(x);",
            "    return () -> n == null ? 0 : n;",
            "  }",
            "  int conditional(Integer x) {",
            "    // BUG: Diagnostic contains: [checked]",
            "    Integer n = probe(x);",
            "    log(\"between\");",
            "    return n == null ? -1 : n + 1;",
            "  }",
            "  void statements(String x, boolean verbose) {",
            "    // BUG: Diagnostic contains: [checked]",
            "    String s = probe(x);",
            "    if (null != s) {",
            "      if (verbose) {",
            "        log(s.length());",
            "      }",
            "      for (char c : s.toCharArray()) {",
            "        log(c);",
            "      }",
            "    }",
            "    if ((s == null)) {",
            "      log(\"none\");",
            "    } else {",
            "      synchronized (s) {",
            "        log(s.trim());",
            "      }",
            "    }",
            "  }",
            "  int castNull(String x) {",
            "    // A null cast to a type is the null test too.",
            "    // BUG: Diagnostic contains: [checked]",
            "    String s = probe(x);",
            "    if (s != (String) null) {",
            "      return s.length();",
            "    }",
            "    return (Object) null == s ? 0 : s.length();",
            "  }",
            "  void resource(AutoCloseable c) throws Exception {",
            "    // The close() that try-with-resources adds is called on a resource that is not null.",
            "    // BUG: Diagnostic contains: [checked]",
            "    try (AutoCloseable r = probe(c)) {",
            "      log(1);",
            "    }",
            "  }",
            "}")
        .doTest();
  }
}
