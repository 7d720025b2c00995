package io.github.deferlint.cli;

import com.sun.source.util.JavacTask;
import com.sun.tools.javac.api.JavacTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The javac options a user passes through {@code --javac-option}, one argument each, checked before
 * any file is read: javac must know them, they must not take over what the runner sets itself, and
 * javac must accept them together with the runner's own.
 */
final class JavacOptions {
  /**
   * Options the runner sets, or that would change what it does, by what javac calls them (their
   * part before {@code :} or {@code =}), with the runner's own way to say the same, if any.
   */
  private static final Map<String, String> REFUSED =
      Map.ofEntries(
          Map.entry("-d", "nothing is written"),
          Map.entry("-s", "nothing is written"),
          Map.entry("-h", "nothing is written"),
          Map.entry("-implicit", "nothing is written"),
          Map.entry("-classpath", "give --classpath"),
          Map.entry("-cp", "give --classpath"),
          Map.entry("--class-path", "give --classpath"),
          Map.entry("-sourcepath", "the source roots come from the package declarations"),
          Map.entry("--source-path", "the source roots come from the package declarations"),
          Map.entry("-encoding", "give --encoding"),
          Map.entry("-Xmaxerrs", "give --max-errors"),
          Map.entry("-Werror", "--fail-on decides which findings fail the run"),
          Map.entry("-proc", "annotation processors do not run"),
          Map.entry("-processor", "annotation processors do not run"),
          Map.entry("-processorpath", "annotation processors do not run"),
          Map.entry("--processor-path", "annotation processors do not run"),
          Map.entry("--processor-module-path", "annotation processors do not run"),
          Map.entry("-A", "annotation processors do not run"),
          Map.entry("-Xplugin", "the runner runs Error Prone itself; give --check and --flag"),
          Map.entry("-XDcompilePolicy", "the runner runs Error Prone itself"),
          Map.entry("--should-stop", "the runner runs Error Prone itself"));

  private static final JavaFileObject EMPTY_CLASS =
      new SimpleJavaFileObject(URI.create("string:///Probe.java"), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return "class Probe {}";
        }
      };

  private JavacOptions() {}

  /**
   * {@code given}, checked alone and together with {@code --release}, if given.
   *
   * @param release the runner's {@code --release}, or null
   * @throws UsageException naming the first option refused, and why
   */
  static List<String> check(List<String> given, @Nullable String release) {
    if (given.isEmpty()) {
      return List.of();
    }
    JavacTool javac = JavacTool.create();
    refuseOneByOne(javac, given);
    List<String> all = new ArrayList<>();
    if (release != null) {
      all.add("--release");
      all.add(release);
    }
    all.addAll(given);
    refuseTogether(javac, all);
    return List.copyOf(given);
  }

  private static void refuseOneByOne(JavacTool javac, List<String> given) {
    for (int i = 0; i < given.size(); i++) {
      String option = given.get(i);
      String name = nameOf(option);
      String refusal = REFUSED.get(name.startsWith("-A") ? "-A" : name);
      if (refusal != null) {
        throw new UsageException(
            "--javac-option " + option + ": set by the runner (" + refusal + ")");
      }
      int arguments = javac.isSupportedOption(name);
      if (arguments < 0 || !option.startsWith("-")) {
        throw new UsageException(
            "--javac-option "
                + option
                + ": not an option of javac's compiler (a file manager's or launcher's option, such"
                + " as --module-path or -J, is not passed on)");
      }
      if (arguments > 0 && !option.contains("=")) {
        if (i + 1 == given.size()) {
          throw new UsageException(
              "--javac-option "
                  + option
                  + ": needs a value, as "
                  + option
                  + "=VALUE or in the next --javac-option");
        }
        i++;
      }
    }
  }

  private static void refuseTogether(JavacTool javac, List<String> all) {
    List<String> refusals = new ArrayList<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      // javac checks its options when a task is made, and how they go together when it parses;
      // it refuses them by throwing, or as an error.
      JavacTask task =
          javac.getTask(
              Writer.nullWriter(),
              files,
              diagnostic -> {
                if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
                  refusals.add(diagnostic.getMessage(Locale.ROOT));
                }
              },
              all,
              null,
              List.of(EMPTY_CLASS));
      task.parse();
    } catch (IllegalArgumentException | IllegalStateException e) {
      // javac's refusals have a message; an exception without one is named by its class.
      String message = Objects.requireNonNullElse(e.getMessage(), e.toString());
      refusals.add(message.replaceFirst("^error: ", ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!refusals.isEmpty()) {
      throw new UsageException(
          "--javac-option: javac refuses the options: " + refusals.get(0).strip());
    }
  }

  /**
   * What javac calls {@code option}: {@code -Xlint} of {@code -Xlint:none}, {@code --add-modules}
   * of {@code --add-modules=M}.
   */
  private static String nameOf(String option) {
    int end = option.length();
    for (char separator : new char[] {'=', ':'}) {
      int at = option.indexOf(separator);
      if (at > 0) {
        end = Math.min(end, at);
      }
    }
    return option.substring(0, end);
  }
}
