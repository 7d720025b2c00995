package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the runner says when javac itself throws (seen on Hazelcast 5.5.0 with its optional
 * dependencies missing: a NullPointerException in javac's {@code Attr}): where, what, and that the
 * errors before it are what to fix.
 */
final class JavacCrashedTest {
  private static final CompileError MISSING =
      new CompileError(
          "src/p/A.java", 3, 8, "package javax.cache does not exist", "import javax.cache.Cache;");

  @Test
  void namesTheFileTheThrowableAndWhereInJavacAndPointsAtTheErrorsBefore() {
    NullPointerException thrown = new NullPointerException("\"sym\" is null");
    thrown.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("com.sun.tools.javac.code.Types", "memberType", "Types.java", 2304)
        });

    JavacCrashed crash = new JavacCrashed(thrown, "src/p/B.java", List.of(MISSING));

    assertThat(crash.describe())
        .isEqualTo(
            "javac failed while compiling src/p/B.java (java.lang.NullPointerException: \"sym\" is"
                + " null at com.sun.tools.javac.code.Types.memberType(Types.java:2304)), a bug in"
                + " javac, not a finding: fix the 1 javac error above (often a class missing from"
                + " the --classpath) and run again");
    assertThat(crash.errorsBefore()).containsExactly(MISSING);
  }

  @Test
  void withoutErrorsBeforeItAsksForAReport() {
    JavacCrashed crash = new JavacCrashed(new IllegalStateException("odd"), null, List.of());

    assertThat(crash.describe())
        .startsWith("javac failed (java.lang.IllegalStateException: odd at ");
    assertThat(crash.describe())
        .endsWith(
            "a bug in javac, not a finding: please report it to deferlint with the file, and check"
                + " the file with javac alone");
  }
}
