package io.github.deferlint.checks.flow;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * PairedRemoval, on its own: whether the top-level class passes what holds the x of each {@code
 * probe(x)} to {@code remove(..)}.
 */
final class PairedRemovalTest {
  /** Answers whether the class calls {@code remove} on what holds the x of {@code probe(x)}. */
  @BugPattern(summary = "removed by the class", severity = WARNING)
  public static final class Removed extends Probe {
    @Override
    protected String answer(TreePath argument, VisitorState state) {
      return PairedRemoval.removedInClass(
              (ExpressionTree) argument.getLeaf(),
              argument.getParentPath(),
              Removed::removal,
              state)
          ? "removed by the class"
          : null;
    }

    private static Optional<ExpressionTree> removal(MethodInvocationTree call, VisitorState state) {
      return call.getMethodSelect().toString().equals("remove")
          ? Optional.of(call.getArguments().get(0))
          : Optional.empty();
    }
  }

  @Test
  void pairedAndNot() {
    CompilationTestHelper.newInstance(Removed.class, getClass())
        .addSourceLines(
            "Pairs.java",
            "class Pairs {",
            "  static void probe(Object... values) {}",
            "  static void remove(Object o) {}",
            "  private final Object field = new Object();",
            "  private Object other = new Object();",
            "  private Object assigned;",
            "  Pairs() {",
            "    // BUG: Diagnostic contains: removed by the class",
            "    probe(field);",
            "    // BUG: Diagnostic contains: removed by the class",
            "    probe(assigned = new Object());",
            "    probe(other);",
            "    probe(new Object());",
            "    // BUG: Diagnostic contains: removed by the class",
            "    probe(this);",
            "  }",
            "  void close() {",
            "    remove(field);",
            "    remove(assigned);",
            "    remove(this);",
            "    Object other = new Object();", // another variable of the same name
            "    remove(other);",
            "  }",
            "  static void local(Runnable work) {",
            "    Object token = new Object();",
            "    // BUG: Diagnostic contains: removed by the class",
            "    probe(token);",
            "    Runnable undo = () -> remove(token);",
            "    Object kept = new Object();",
            "    probe(kept);",
            "  }",
            "  private static Object register() {",
            "    Object handle = new Object();",
            "    // BUG: Diagnostic contains: removed by the class",
            "    probe(handle);",
            "    return handle;",
            "  }",
            "  static void use() {",
            "    Object handle = register();",
            "    remove(handle);",
            "  }",
            "  private static Object registerUnremoved() {",
            "    Object handle = new Object();",
            "    probe(handle);",
            "    return handle;",
            "  }",
            "  static void useUnremoved() {",
            "    Object handle = registerUnremoved();",
            "  }",
            "  static final class Nested {",
            "    void undo(Pairs pairs) {",
            "      remove(pairs.other2);",
            "    }",
            "  }",
            "  Object other2 = new Object();",
            "  void nestedRemoves() {",
            "    // BUG: Diagnostic contains: removed by the class",
            "    probe(other2);",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void followsTheCopiesOfWhatWasRegistered() {
    CompilationTestHelper.newInstance(Removed.class, getClass())
        .addSourceLines(
            "Copies.java",
            "import java.lang.ref.WeakReference;",
            "import java.util.Optional;",
            "import java.util.concurrent.atomic.AtomicReference;",
            "class Copies {",
            "  static void probe(Object... values) {}",
            "  static void remove(Object o) {}",
            "  private Object field;",
            "  private Object keptByParameter;",
            "  private WeakReference<Object> weak;",
            "  private final AtomicReference<Object> atomic = new AtomicReference<>();",
            "  private Optional<Object> optional = Optional.empty();",
            "  private Object notRemoved;",
            "  void fieldThroughLocal() {",
            "    field = new Object();",
            "    // BUG: Diagnostic contains: removed by the class",
            "    probe(field);",
            "  }",
            "  void closeField() {",
            "    Object copy = this.field;",
            "    this.field = null;",
            "    remove((Object) copy);",
            "  }",
            "  void localIntoField(Object handle) {",
            "    keptByParameter = handle;",
            "    // BUG: Diagnostic contains: removed by the class",
            "    probe(handle);",
            "  }",
            "  void closeParameter() {",
            "    remove(keptByParameter);",
            "  }",
            "  void wrapped() {",
            "    Object a = new Object();",
            "    weak = new WeakReference<>(a);",
            "    // BUG: Diagnostic contains: removed by the class",
            "    probe(a);",
            "    Object b = new Object();",
            "    atomic.set(b);",
            "    // BUG: Diagnostic contains: removed by the class",
            "    probe(b);",
            "    Object c = new Object();",
            "    optional = Optional.ofNullable(c);",
            "    // BUG: Diagnostic contains: removed by the class",
            "    probe(c);",
            "  }",
            "  void closeWrapped() {",
            "    Object a = weak.get();",
            "    remove(a);",
            "    remove(atomic.get());",
            "    remove(optional.get());",
            "  }",
            "  void copyOfAnotherField() {",
            "    notRemoved = new Object();",
            "    probe(notRemoved);",
            "    Object copy = field;",
            "    // BUG: Diagnostic contains: removed by the class",
            "    probe(copy);",
            "  }",
            "}")
        .addSourceLines(
            "Registry.java",
            "import java.util.ArrayList;",
            "import java.util.List;",
            "import java.util.Map;",
            "class Registry {",
            "  static void probe(Object... values) {}",
            "  static void remove(Object o) {}",
            "  private final Map<String, Object> objects = new java.util.HashMap<>();",
            "  private final List<Object> live = new ArrayList<>();",
            "  void keptInAMap() {",
            "    Object old = objects.get(\"key\");",
            "    if (old != null) {",
            "      remove(old);",
            "    }",
            "    Object handle = new Object();",
            "    objects.put(\"key\", handle);",
            "    // BUG: Diagnostic contains: removed by the class",
            "    probe(handle);",
            "  }",
            "  void keptInAList() {",
            "    Object handle = new Object();",
            "    live.add(handle);",
            "    // BUG: Diagnostic contains: removed by the class",
            "    probe(handle);",
            "  }",
            "  void removeAll() {",
            "    for (Object handle : live) {",
            "      remove(handle);",
            "    }",
            "  }",
            "  void notHandedOver() {",
            "    Object handle = new Object();",
            "    probe(handle);", // removals of what comes from the map or the list are not of it
            "  }",
            "}")
        .doTest();
  }
}
