package io.github.deferlint.cli;

import com.google.errorprone.CodeTransformer;
import com.google.errorprone.ErrorProneError;
import com.google.errorprone.ErrorProneOptions;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.scanner.ErrorProneScannerTransformer;
import com.google.errorprone.scanner.ScannerSupplier;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import com.sun.tools.javac.api.ClientCodeWrapper;
import com.sun.tools.javac.api.JavacTaskImpl;
import com.sun.tools.javac.api.JavacTool;
import com.sun.tools.javac.code.Symbol.CompletionFailure;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.JCDiagnostic;
import com.sun.tools.javac.util.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticListener;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Compiles one batch of files: a javac task with a file manager of its own (javac's are not to be
 * shared between threads) parses, enters and analyzes the batch's files and finds what they refer
 * to on the source roots (entered there, not analyzed, so that a batch does not pull in the whole
 * tree); then Error Prone's scanner runs over the batch's files, and with {@code --fix} their
 * findings' fixes are applied to their text. Holds nothing that changes: one instance serves every
 * thread.
 */
final class BatchCompiler {
  /**
   * What a batch found.
   *
   * @param compileErrors javac's errors, each under a key that is the same in every batch
   * @param unlistedErrors the errors javac counted but did not list, past {@code -Xmaxerrs}
   * @param fixedSources the batch's files whose findings' fixes changed them, with their new text
   */
  record Outcome(
      List<Finding> findings,
      Map<String, CompileError> compileErrors,
      int unlistedErrors,
      Map<Path, String> fixedSources) {}

  private final ScannerSupplier checks;
  private final ErrorProneOptions errorProneOptions;
  private final Linter.Settings settings;
  private final List<Path> sourceRoots;
  private final List<SourceSet.SourceFile> sharingTypes;
  private final Map<Path, String> edited;
  private final Function<Path, String> displayPath;
  private final boolean withFixes;
  private final JavacTool javac = JavacTool.create();

  BatchCompiler(
      ScannerSupplier checks,
      ErrorProneOptions errorProneOptions,
      Linter.Settings settings,
      SourceSet sources,
      Map<Path, String> edited,
      Function<Path, String> displayPath,
      boolean withFixes) {
    this.checks = checks;
    this.errorProneOptions = errorProneOptions;
    this.settings = settings;
    this.sourceRoots = sources.roots();
    this.sharingTypes = sources.sharingTypes();
    this.edited = edited;
    this.displayPath = displayPath;
    this.withFixes = withFixes;
  }

  /**
   * Compiles and checks {@code batch}.
   *
   * @throws JvmLimitReached if the JVM ran out of memory, stack or the like, naming the file
   * @throws Linter.CheckCrashed if a check threw
   * @throws JavacCrashed if javac itself threw
   */
  Outcome compile(List<SourceSet.SourceFile> batch) {
    CurrentFile current = new CurrentFile();
    try {
      return compile(batch, current);
    } catch (RuntimeException | Error e) {
      // Here the batch's trees are no longer reachable: there is memory again to say what happened.
      Optional<VirtualMachineError> limit = JvmLimitReached.causeOf(e);
      if (limit.isPresent()) {
        throw new JvmLimitReached(
            limit.get(), current.file == null ? null : displayPath.apply(Path.of(current.file)));
      }
      if (e instanceof ErrorProneError crash) {
        // Error Prone gives its crashes a message; one without is named by its class.
        throw new Linter.CheckCrashed(
            firstLine(Objects.requireNonNullElse(crash.getMessage(), crash.toString())), crash);
      }
      throw e;
    }
  }

  private Outcome compile(List<SourceSet.SourceFile> batch, CurrentFile current) {
    Errors errors = new Errors();
    try (BatchFileManager fileManager =
        new BatchFileManager(
            javac.getStandardFileManager(errors, Locale.ROOT, settings.encoding()), edited)) {
      // Set explicitly: in-process javac would otherwise default to the runner's own class path.
      fileManager
          .standard()
          .setLocationFromPaths(StandardLocation.CLASS_PATH, settings.classpath());
      fileManager.standard().setLocationFromPaths(StandardLocation.SOURCE_PATH, sourceRoots);
      Context context = new Context();
      context.put(ErrorProneOptions.class, errorProneOptions);
      JavacTaskImpl task =
          (JavacTaskImpl)
              javac.getTask(
                  Writer.nullWriter(),
                  fileManager,
                  errors,
                  javacOptions(),
                  /* classes= */ null,
                  fileManager.sources(withSharedTypes(batch)),
                  context);
      task.addTaskListener(current);
      Set<Path> own = batch.stream().map(SourceSet.SourceFile::path).collect(Collectors.toSet());
      List<CompilationUnitTree> units = new ArrayList<>();
      try {
        for (CompilationUnitTree unit : task.parse()) {
          if (own.contains(Path.of(unit.getSourceFile().toUri()))) {
            units.add(unit);
          }
        }
        Iterable<? extends Element> ownClasses = task.enter();
        task.analyze(ownClasses);
      } catch (RuntimeException e) {
        if (JvmLimitReached.causeOf(e).isPresent()) {
          throw e;
        }
        throw new JavacCrashed(
            e,
            current.file == null ? null : displayPath.apply(Path.of(current.file)),
            errors.found);
      }
      int unlisted = Log.instance(context).nsuppressederrors;
      if (!errors.found.isEmpty()) {
        return new Outcome(List.of(), errors.found, unlisted, Map.of());
      }
      List<Finding> findings = new ArrayList<>();
      Map<Path, String> fixedSources = new LinkedHashMap<>();
      check(task, context, units, current, findings, fixedSources, errors);
      return new Outcome(findings, errors.found, unlisted, fixedSources);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The batch's files, and the files of other batches that declare types javac would not find on
   * the source roots ({@link SourceSet#sharingTypes}): compiled with the batch, not checked. One
   * whose qualified name a batch file has already is left out, as javac cannot take both.
   */
  private List<Path> withSharedTypes(List<SourceSet.SourceFile> batch) {
    List<Path> paths = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (SourceSet.SourceFile file : batch) {
      paths.add(file.path());
      names.add(file.qualifiedName());
    }
    for (SourceSet.SourceFile shared : sharingTypes) {
      if (names.add(shared.qualifiedName())) {
        paths.add(shared.path());
      }
    }
    return paths;
  }

  private void check(
      JavacTaskImpl task,
      Context context,
      List<CompilationUnitTree> units,
      CurrentFile current,
      List<Finding> findings,
      Map<Path, String> fixedSources,
      Errors errors) {
    CodeTransformer scanner = ErrorProneScannerTransformer.create(checks.get());
    SourcePositions positions = Trees.instance(task).getSourcePositions();
    Log log = Log.instance(context);
    for (CompilationUnitTree unit : units) {
      current.file = unit.getSourceFile().toUri();
      Path file = Path.of(current.file);
      SourceText text = sourceText(unit.getSourceFile());
      UnitFixes fixes = withFixes ? new UnitFixes(unit, task.getElements()) : null;
      JavaFileObject previousSource = log.useSource(unit.getSourceFile());
      try {
        scanner.apply(
            new TreePath(unit),
            context,
            description -> {
              findings.add(finding(file, unit, text, description, positions));
              if (fixes != null) {
                fixes.offer(description);
              }
            });
      } catch (CompletionFailure e) {
        // A check needed a class that is not on the classpath: the classpath is incomplete.
        errors.found.putIfAbsent(
            current.file + e.getMessage(),
            new CompileError(
                displayPath.apply(file),
                0,
                0,
                "cannot access " + e.getMessage() + " (is the classpath complete?)",
                null));
      } finally {
        log.useSource(previousSource);
      }
      if (fixes != null) {
        fixes.applyTo(text.content()).ifPresent(fixed -> fixedSources.put(file, fixed));
      }
    }
  }

  private List<String> javacOptions() {
    List<String> options = new ArrayList<>();
    options.add("-proc:none");
    // A type of the sources is read from its source root, even where the class path has a class
    // file of it that is newer (the project's own jar or classes): every batch then sees the same
    // types as one compilation of all the files would, not those of a build that may be stale.
    options.add("-Xprefer:source");
    options.add("-nowarn");
    options.add("-XDcompilePolicy=simple");
    options.add("--should-stop=ifError=FLOW");
    options.add("-XDaddTypeAnnotationsToSymbol=true");
    options.add("-Xmaxerrs");
    options.add(String.valueOf(settings.maxErrors()));
    if (settings.release() != null) {
      options.add("--release");
      options.add(settings.release());
    }
    options.addAll(settings.javacOptions());
    return options;
  }

  private Finding finding(
      Path file,
      CompilationUnitTree unit,
      SourceText text,
      Description description,
      SourcePositions positions) {
    int start = Math.max(0, description.position.getStartPosition());
    JCTree tree = description.position.getTree();
    long end = tree == null ? -1 : positions.getEndPosition(unit, tree);
    if (end <= start) {
      end = start + 1L;
    }
    int line = text.line(start);
    return new Finding(
        file,
        displayPath.apply(file),
        description.checkName,
        Severity.of(description.severity()),
        description.getRawMessage().replaceAll("\\s*\\R\\s*", " ").strip(),
        description.getLink(),
        line,
        text.column(start),
        text.line((int) end),
        text.column((int) end),
        text.lineText(line),
        description.fixes.stream().anyMatch(fix -> !fix.isEmpty()));
  }

  private static SourceText sourceText(JavaFileObject file) {
    try {
      return new SourceText(file.getCharContent(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String firstLine(String text) {
    return text.strip().lines().findFirst().orElse(text);
  }

  /** The file javac (or a check) is working on, to name it if the JVM runs out of something. */
  private static final class CurrentFile implements TaskListener {
    @Nullable URI file; // Null until javac starts on a file.

    @Override
    public void started(TaskEvent event) {
      if (event.getSourceFile() != null) {
        file = event.getSourceFile().toUri();
      }
    }
  }

  /**
   * javac's errors in the batch, once each: from the task, and from its file manager, which reports
   * the bytes of a file that are not in the sources' encoding.
   */
  private final class Errors implements DiagnosticListener<JavaFileObject> {
    final Map<String, CompileError> found = new LinkedHashMap<>();
    private final Map<JavaFileObject, SourceText> texts = new HashMap<>();

    @Override
    public void report(Diagnostic<? extends JavaFileObject> diagnostic) {
      if (diagnostic.getKind() != Diagnostic.Kind.ERROR) {
        return;
      }
      JavaFileObject source = diagnostic.getSource();
      String message = diagnostic.getMessage(Locale.ROOT);
      String key =
          (source == null ? "" : source.toUri()) + ":" + diagnostic.getPosition() + message;
      if (found.containsKey(key)) {
        return;
      }
      int line = (int) Math.max(0, diagnostic.getLineNumber());
      String sourceLine =
          source == null || line == 0
              ? null
              : texts.computeIfAbsent(source, BatchCompiler::sourceText).lineText(line);
      found.put(
          key,
          new CompileError(
              source == null ? null : displayPath.apply(Path.of(source.toUri())),
              line,
              (int) Math.max(0, diagnostic.getColumnNumber()),
              message,
              sourceLine,
              missingPackage(diagnostic)));
    }

    /**
     * javac hands its listener its own diagnostic, wrapped: the package is its argument. A name
     * with a part that starts in upper case is a class javac took for a package ({@code Counter} in
     * {@code Counter.Child}, where {@code Counter}'s import failed): not one to name.
     */
    private static @Nullable String missingPackage(Diagnostic<? extends JavaFileObject> error) {
      JCDiagnostic javac =
          error instanceof ClientCodeWrapper.DiagnosticSourceUnwrapper wrapped
              ? wrapped.d
              : error instanceof JCDiagnostic unwrapped ? unwrapped : null;
      if (!"compiler.err.doesnt.exist".equals(error.getCode())
          || javac == null
          || javac.getArgs().length != 1) {
        return null;
      }
      String name = String.valueOf(javac.getArgs()[0]);
      return Arrays.stream(name.split("\\.", -1))
              .allMatch(part -> !part.isEmpty() && !Character.isUpperCase(part.charAt(0)))
          ? name
          : null;
    }
  }
}
