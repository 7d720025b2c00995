package io.github.deferlint.checks.flow;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * PairedRemoval, through a checker that flags each {@code add(x)} whose x the same top-level class
 * passes to {@code remove(..)}.
 */
final class PairedRemovalTest {
  /** Flags {@code add(x)} when the class also calls {@code remove} on what holds x. */
  @BugPattern(summary = "removed by the class", severity = WARNING)
  public static final class Removed extends BugChecker implements MethodInvocationTreeMatcher {
    @Override
    public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
      return call.getMethodSelect().toString().equals("add")
              && PairedRemoval.removedInClass(
                  call.getArguments().get(0), state.getPath(), Removed::removal, state)
          ? describeMatch(call)
          : NO_MATCH;
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
            "  static void add(Object o) {}",
            "  static void remove(Object o) {}",
            "  private final Object field = new Object();",
            "  private Object other = new Object();",
            "  private Object assigned;",
            "  Pairs() {",
            "    // BUG: Diagnostic contains: removed by the class",
            "    add(field);",
            "    // BUG: Diagnostic contains: removed by the class",
            "    add(assigned = new Object());",
            "    add(other);",
            "    add(new Object());",
            "    // BUG: Diagnostic contains: removed by the class",
            "    add(this);",
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
            "    add(token);",
            "    Runnable undo = () -> remove(token);",
            "    Object kept = new Object();",
            "    add(kept);",
            "  }",
            "  private static Object register() {",
            "    Object handle = new Object();",
            "    // BUG: Diagnostic contains: removed by the class",
            "    add(handle);",
            "    return handle;",
            "  }",
            "  static void use() {",
            "    Object handle = register();",
            "    remove(handle);",
            "  }",
            "  private static Object registerUnremoved() {",
            "    Object handle = new Object();",
            "    add(handle);",
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
            "    add(other2);",
            "  }",
            "}")
        .doTest();
  }
}
