package io.github.deferlint.checks.flow;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodInvocationTree;
import org.junit.jupiter.api.Test;

/** InvariantValues, through a checker that flags {@code same(x)} where x is the same every run. */
final class InvariantValuesTest {
  /** Flags {@code same(x)} when InvariantValues holds x the same on every run. */
  @BugPattern(summary = "same on every run", severity = WARNING)
  public static final class Same extends BugChecker implements MethodInvocationTreeMatcher {
    @Override
    public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
      return call.getMethodSelect().toString().equals("same")
              && InvariantValues.sameOnEveryRun(call.getArguments().get(0), state.getPath())
          ? describeMatch(call)
          : NO_MATCH;
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
            "  static void same(Object value) {}",
            "  void f(String parameter, File file) throws Exception {",
            "    // BUG: Diagnostic contains: same on every run",
            "    same(\"a\" + 1);",
            "    // BUG: Diagnostic contains: same on every run",
            "    same(LOCK);",
            "    // BUG: Diagnostic contains: same on every run",
            "    same(new File(DIR + \"/app\", \"pid\"));",
            "    // BUG: Diagnostic contains: same on every run",
            "    same(Path.of(DIR).resolve(\"cache\").toFile().getAbsoluteFile());",
            "    // BUG: Diagnostic contains: same on every run",
            "    same(Paths.get(DIR, \"a\").toFile());",
            "    File local = new File(LOCK, \"child\");",
            "    // BUG: Diagnostic contains: same on every run",
            "    same(local);",
            "    // BUG: Diagnostic contains: same on every run",
            "    same((Object) LOCK);",
            "    same(parameter);",
            "    same(file);",
            "    same(mutable);",
            "    same(perInstance);",
            "    same(new File(parameter));",
            "    same(File.createTempFile(\"a\", \"b\"));",
            "    same(new File(DIR, parameter));",
            "    same(LOCK.getParentFile());",
            "    File reassigned = LOCK;",
            "    reassigned = file;",
            "    same(reassigned);",
            "    same(new File(System.getProperty(\"user.dir\")));",
            "  }",
            "}")
        .doTest();
  }
}
