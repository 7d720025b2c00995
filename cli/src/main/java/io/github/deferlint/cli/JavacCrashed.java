package io.github.deferlint.cli;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * javac itself threw while compiling a batch, outside any check: a javac bug, which code that does
 * not compile (a class missing from the classpath) sets off more often than code that does. The
 * errors javac reported before it threw say what to fix.
 */
final class JavacCrashed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final RuntimeException thrown;
  private final @Nullable String file;

  @SuppressWarnings("serial") // Never serialized: it is caught and reported in the same run.
  private final Map<String, CompileError> errorsBefore;

  /**
   * @param file the file being compiled when javac threw, as reports name it, or null
   * @param errorsBefore the errors javac reported before it threw, in order, by the key that tells
   *     one from another ({@link BatchCompiler.Outcome#compileErrors})
   */
  JavacCrashed(
      RuntimeException thrown, @Nullable String file, Map<String, CompileError> errorsBefore) {
    super(thrown);
    this.thrown = thrown;
    this.file = file;
    this.errorsBefore = Collections.unmodifiableMap(new LinkedHashMap<>(errorsBefore));
  }

  /** The same failure, told after {@code errors}: those of every batch, this one's among them. */
  JavacCrashed withErrorsBefore(Map<String, CompileError> errors) {
    return new JavacCrashed(thrown, file, errors);
  }

  List<CompileError> errorsBefore() {
    return List.copyOf(errorsBefore.values());
  }

  Map<String, CompileError> errorsBeforeByKey() {
    return errorsBefore;
  }

  /**
   * One line: where javac threw (javac attributes a class's superclasses of the batch first, so the
   * code it failed on may be theirs), what, from where in javac (the frame that threw and the first
   * frame of its compiler phases below it), and what to do.
   */
  String describe() {
    StackTraceElement[] frames = thrown.getStackTrace();
    String at = frames.length == 0 ? "" : " at " + frames[0];
    String phase =
        Arrays.stream(frames)
            .skip(1)
            .filter(frame -> frame.getClassName().startsWith("com.sun.tools.javac.comp."))
            .findFirst()
            .map(frame -> " in " + frame)
            .orElse("");
    String advice =
        errorsBefore.isEmpty()
            ? "please report it to deferlint with the file, and check the file with javac alone"
            : "fix the "
                + Report.count(errorsBefore.size(), "javac error")
                + " above (often a class missing from the --classpath) and run again";
    return "javac failed"
        + (file == null ? "" : " while compiling " + file + " (or a superclass of it)")
        + " ("
        + thrown
        + at
        + phase
        + "), a bug in javac, not a finding: "
        + advice;
  }
}
