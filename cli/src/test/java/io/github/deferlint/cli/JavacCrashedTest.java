package io.github.deferlint.cli;

import static com.google.common.truth.Truth.assertThat;
import static io.github.deferlint.cli.Cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
          new StackTraceElement("com.sun.tools.javac.code.Types", "memberType", "Types.java", 2304),
          new StackTraceElement(
              "com.sun.tools.javac.comp.Attr", "isBooleanOrNumeric", "Attr.java", 2141),
          new StackTraceElement(
              "com.sun.tools.javac.comp.Attr", "visitConditional", "Attr.java", 2068)
        });

    JavacCrashed crash = new JavacCrashed(thrown, "src/p/B.java", Map.of("A.java:3:8", MISSING));

    assertThat(crash.describe())
        .isEqualTo(
            "javac failed while compiling src/p/B.java (or a superclass of it)"
                + " (java.lang.NullPointerException: \"sym\" is null at"
                + " com.sun.tools.javac.code.Types.memberType(Types.java:2304) in"
                + " com.sun.tools.javac.comp.Attr.isBooleanOrNumeric(Attr.java:2141)), a bug in"
                + " javac, not a finding: fix the 1 javac error above (often a class missing from"
                + " the --classpath) and run again");
    assertThat(crash.errorsBefore()).containsExactly(MISSING);
  }

  @Test
  void withoutErrorsBeforeItAsksForAReport() {
    JavacCrashed crash = new JavacCrashed(new IllegalStateException("odd"), null, Map.of());

    assertThat(crash.describe())
        .startsWith("javac failed (java.lang.IllegalStateException: odd at ");
    assertThat(crash.describe())
        .endsWith(
            "a bug in javac, not a finding: please report it to deferlint with the file, and check"
                + " the file with javac alone");
  }

  /**
   * The runner on a javac bug (JDK 17 to 25): a method of a class file whose supertype is missing
   * from the class path, called in an operand of {@code ?:}, makes javac's {@code Attr} throw a
   * NullPointerException. The errors javac gave first are listed, then the one line, and the run
   * ends with the status of bad input.
   */
  @Test
  void theRunnerListsTheErrorsBeforeThenSaysWhereJavacFailed(@TempDir Path project)
      throws IOException {
    writeJavacCrash(project);

    Cli.Run result = run(project, "--classpath", "classes", "src");

    assertThat(result.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(result.err()).contains("src/q/Use.java:5:");
    assertThat(result.err()).contains("missing.Iface");
    assertThat(result.err()).doesNotContain("\tat ");
    // JDK 17 to 25 throw here; a javac that no longer does leaves the compile error alone.
    if (Runtime.version().feature() <= 25) {
      assertThat(result.err())
          .containsMatch(
              "deferlint: javac failed while compiling src/q/Use.java \\(or a superclass of it\\)"
                  + " \\(java.lang.NullPointerException: .* at .* in .*com.sun.tools.javac.comp.Attr.*\\),"
                  + " a bug in javac, not a"
                  + " finding: fix the 1 javac error above \\(often a class missing from the"
                  + " --classpath\\) and run again");
    }
  }

  /**
   * The batches javac did not fail on are still compiled, and their errors listed with those of the
   * batch it failed on: they may be what set it off.
   */
  @Test
  void theOtherBatchesErrorsAreListedToo(@TempDir Path project) throws IOException {
    writeJavacCrash(project);
    Cli.write(
        project.resolve("src"),
        "r/Later.java",
        """
        package r;

        class Later {
          missing.Iface iface;
        }
        """);

    Cli.Run result =
        run(project, "--classpath", "classes", "--batch-size", "1", "--jobs", "1", "src");

    assertThat(result.status()).isEqualTo(Main.BAD_INPUT);
    assertThat(result.err()).contains("src/q/Use.java:5:");
    assertThat(result.err()).contains("src/r/Later.java:4:");
    if (Runtime.version().feature() <= 25) {
      assertThat(result.err()).contains("fix the 2 javac errors above");
    }
  }

  /**
   * A class file whose supertype is missing ({@code classes/p/Cfg.class}) and {@code
   * src/q/Use.java}, which calls its method in an operand of {@code ?:}.
   */
  private static void writeJavacCrash(Path project) throws IOException {
    Path library = project.resolve("library");
    Path iface =
        Cli.write(library, "missing/Iface.java", "package missing; public interface Iface {}");
    Path cfg =
        Cli.write(
            library,
            "p/Cfg.java",
            "package p; public class Cfg implements missing.Iface { public String name() { return"
                + " \"n\"; } }");
    Path classes = Files.createDirectories(project.resolve("classes"));
    int compiled =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", classes.toString(), iface.toString(), cfg.toString());
    assertThat(compiled).isEqualTo(0);
    Files.delete(classes.resolve("missing/Iface.class"));
    Cli.write(
        project.resolve("src"),
        "q/Use.java",
        """
        package q;

        class Use {
          String f(p.Cfg cfg) {
            return cfg == null ? null : cfg.name();
          }
        }
        """);
  }
}
