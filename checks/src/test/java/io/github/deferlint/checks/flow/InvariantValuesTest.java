package io.github.deferlint.checks.flow;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import org.junit.jupiter.api.Test;

/** InvariantValues, on its own: whether each {@code probe(x)}'s x is the same on every run. */
final class InvariantValuesTest {
  /** Answers whether the argument of {@code probe(x)} is the same on every run. */
  @BugPattern(summary = "same on every run", severity = WARNING)
  public static final class Same extends Probe {
    @Override
    protected String answer(TreePath argument, VisitorState state) {
      return InvariantValues.sameOnEveryRun((ExpressionTree) argument.getLeaf(), argument)
          ? "same on every run"
          : null;
    }
  }

  @Test
  void sameAndDifferent() {
    CompilationTestHelper.newInstance(Same.class, getClass())
        .addSourceLines(
            "Values.java",
            "import java.io.File;",
            "import java.nio.file.Path;",
            "import java.nio.file.Paths;",
            "class Values {",
            "  static final String DIR = System.getProperty(\"java.io.tmpdir\");",
            "  static final File LOCK = new File(DIR, \"lock\");",
            "  static File mutable = new File(\"x\");",
            "  final File perInstance = new File(\"y\");",
            "  static void probe(Object... values) {}",
            "  void f(String parameter, File file) throws Exception {",
            "    // BUG: Diagnostic contains: same on every run",
            "    probe(\"a\" + 1);",
            "    // BUG: Diagnostic contains: same on every run",
            "    probe(LOCK);",
            "    // BUG: Diagnostic contains: same on every run",
            "    probe(new File(DIR + \"/app\", \"pid\"));",
            "    // BUG: Diagnostic contains: same on every run",
            "    probe(Path.of(DIR).resolve(\"cache\").toFile().getAbsoluteFile());",
            "    // BUG: Diagnostic contains: same on every run",
            "    probe(Paths.get(DIR, \"a\").toFile());",
            "    File local = new File(LOCK, \"child\");",
            "    // BUG: Diagnostic contains: same on every run",
            "    probe(local);",
            "    // BUG: Diagnostic contains: same on every run",
            "    probe((Object) LOCK);",
            "    probe(parameter);",
            "    probe(file);",
            "    probe(mutable);",
            "    probe(perInstance);",
            "    probe(new File(parameter));",
            "    probe(File.createTempFile(\"a\", \"b\"));",
            "    probe(new File(DIR, parameter));",
            "    probe(LOCK.getParentFile());",
            "    File reassigned = LOCK;",
            "    reassigned = file;",
            "    probe(reassigned);",
            "    probe(new File(System.getProperty(\"user.dir\")));",
            "  }",
            "}")
        .doTest();
  }
}
