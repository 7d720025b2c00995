package io.github.deferlint.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.errorprone.BugCheckerInfo;
import com.google.errorprone.CodeTransformer;
import com.google.errorprone.ErrorProneError;
import com.google.errorprone.ErrorProneOptions;
import com.google.errorprone.InvalidCommandLineOptionException;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.scanner.ErrorProneScannerTransformer;
import com.google.errorprone.scanner.ScannerSupplier;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import com.sun.tools.javac.api.JavacTaskImpl;
import com.sun.tools.javac.api.JavacTool;
import com.sun.tools.javac.code.Symbol.CompletionFailure;
import com.sun.tools.javac.tree.JCTree;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticListener;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * Compiles Java files with javac and runs the checks on them, in batches so that memory stays
 * bounded on large trees: each batch is one javac task that parses, attributes and analyzes its own
 * files and finds what they refer to on the source roots (entered there, not analyzed), then runs
 * Error Prone's scanner over its files. Nothing is written: the compilation stops after flow
 * analysis.
 */
final class Linter {
  static final int DEFAULT_BATCH_SIZE = 500;

  /** Told after each batch. */
  interface Progress {
    void compiled(int files, int total);
  }

  /** What a run found: findings when the sources compiled, else javac's errors. */
  record Result(List<Finding> findings, List<CompileError> compileErrors) {}

  /** What the user's code is compiled with. */
  record Settings(List<Path> classpath, String release) {}

  private final ScannerSupplier checks;
  private final ErrorProneOptions errorProneOptions;
  private final Settings settings;
  private final Function<Path, String> displayPath;
  private final int batchSize;
  private final Progress progress;

  /**
   * @param errorProneArguments {@code -Xep:Name:LEVEL} and {@code -XepOpt:...} arguments
   * @throws UsageException if Error Prone rejects the arguments
   */
  Linter(
      ScannerSupplier checks,
      List<String> errorProneArguments,
      Settings settings,
      Function<Path, String> displayPath,
      int batchSize,
      Progress progress) {
    try {
      this.errorProneOptions = ErrorProneOptions.processArgs(errorProneArguments);
      this.checks = checks.applyOverrides(errorProneOptions);
    } catch (InvalidCommandLineOptionException e) {
      throw new UsageException(e.getMessage(), e);
    }
    this.settings = settings;
    this.displayPath = displayPath;
    this.batchSize = batchSize;
    this.progress = progress;
  }

  /** The checks that run, by name: deferlint's unless turned off, and Error Prone's turned on. */
  List<BugCheckerInfo> enabledChecks() {
    return checks.getEnabledChecks().stream()
        .sorted(Comparator.comparing(BugCheckerInfo::canonicalName))
        .toList();
  }

  Result lint(SourceSet sources) {
    List<List<SourceSet.SourceFile>> batches = batches(sources.files(), batchSize);
    Collector collector = new Collector();
    JavacTool javac = JavacTool.create();
    try (StandardJavaFileManager fileManager =
        javac.getStandardFileManager(null, Locale.ROOT, UTF_8)) {
      // Set explicitly: in-process javac would otherwise default to the runner's own class path.
      fileManager.setLocationFromPaths(StandardLocation.CLASS_PATH, settings.classpath());
      fileManager.setLocationFromPaths(StandardLocation.SOURCE_PATH, sources.roots());
      UnnamedModuleFileManager unnamedModule = new UnnamedModuleFileManager(fileManager);
      int done = 0;
      for (List<SourceSet.SourceFile> batch : batches) {
        compile(javac, unnamedModule, batch, collector);
        done += batch.size();
        progress.compiled(done, sources.files().size());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Finding> findings = new ArrayList<>(collector.findings);
    findings.sort(Finding.IN_SOURCE_ORDER);
    return new Result(findings, List.copyOf(collector.compileErrors.values()));
  }

  /**
   * Splits {@code files} into batches of at most {@code size}, never putting two files with the
   * same qualified name (the same package in two source roots) in one batch.
   */
  static List<List<SourceSet.SourceFile>> batches(List<SourceSet.SourceFile> files, int size) {
    List<List<SourceSet.SourceFile>> batches = new ArrayList<>();
    List<Set<String>> namesInBatch = new ArrayList<>();
    int firstOpen = 0;
    for (SourceSet.SourceFile file : files) {
      int target = firstOpen;
      while (target < batches.size()
          && (batches.get(target).size() >= size
              || namesInBatch.get(target).contains(file.qualifiedName()))) {
        target++;
      }
      if (target == batches.size()) {
        batches.add(new ArrayList<>());
        namesInBatch.add(new HashSet<>());
      }
      batches.get(target).add(file);
      namesInBatch.get(target).add(file.qualifiedName());
      while (firstOpen < batches.size() && batches.get(firstOpen).size() >= size) {
        firstOpen++;
      }
    }
    return batches;
  }

  private void compile(
      JavacTool javac,
      UnnamedModuleFileManager fileManager,
      List<SourceSet.SourceFile> batch,
      Collector collector) {
    Context context = new Context();
    context.put(ErrorProneOptions.class, errorProneOptions);
    int errorsBefore = collector.compileErrors.size();
    DiagnosticListener<JavaFileObject> listener =
        diagnostic -> {
          if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
            collector.compileError(diagnostic);
          }
        };
    List<Path> paths = batch.stream().map(SourceSet.SourceFile::path).toList();
    JavacTaskImpl task =
        (JavacTaskImpl)
            javac.getTask(
                Writer.nullWriter(),
                fileManager,
                listener,
                javacOptions(),
                /* classes= */ null,
                fileManager.standard().getJavaFileObjectsFromPaths(paths),
                context);
    List<CompilationUnitTree> units = new ArrayList<>();
    task.parse().forEach(units::add);
    Iterable<? extends Element> ownClasses = task.enter();
    // Only the batch's own classes: what they refer to is entered from the source path, not
    // analyzed, so that a batch does not pull in the whole tree.
    task.analyze(ownClasses);
    if (collector.compileErrors.size() > errorsBefore) {
      return;
    }
    CodeTransformer scanner = ErrorProneScannerTransformer.create(checks.get());
    SourcePositions positions = Trees.instance(task).getSourcePositions();
    Log log = Log.instance(context);
    for (CompilationUnitTree unit : units) {
      JavaFileObject previousSource = log.useSource(unit.getSourceFile());
      try {
        scanner.apply(
            new TreePath(unit),
            context,
            description -> collector.findings.add(finding(unit, description, positions)));
      } catch (CompletionFailure e) {
        // A check needed a class that is not on the classpath: the classpath is incomplete.
        collector.compileErrors.putIfAbsent(
            unit.getSourceFile().toUri() + e.getMessage(),
            new CompileError(
                displayPath.apply(Path.of(unit.getSourceFile().toUri())),
                0,
                0,
                "cannot access " + e.getMessage() + " (is the classpath complete?)",
                null));
      } catch (ErrorProneError e) {
        throw new CheckCrashed(firstLine(e.getMessage()), e);
      } finally {
        log.useSource(previousSource);
      }
    }
  }

  private List<String> javacOptions() {
    List<String> options = new ArrayList<>();
    options.add("-proc:none");
    options.add("-nowarn");
    options.add("-XDcompilePolicy=simple");
    options.add("--should-stop=ifError=FLOW");
    options.add("-XDaddTypeAnnotationsToSymbol=true");
    if (settings.release() != null) {
      options.add("--release");
      options.add(settings.release());
    }
    return options;
  }

  private Finding finding(
      CompilationUnitTree unit, Description description, SourcePositions positions) {
    SourceText text = sourceText(unit.getSourceFile());
    int start = Math.max(0, description.position.getStartPosition());
    JCTree tree = description.position.getTree();
    long end = tree == null ? -1 : positions.getEndPosition(unit, tree);
    if (end <= start) {
      end = start + 1L;
    }
    int line = text.line(start);
    Path file = Path.of(unit.getSourceFile().toUri());
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
        text.lineText(line));
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

  /**
   * Hides the module descriptors of the source roots, which would turn the compilation into a
   * module's: the code is compiled in the unnamed module, its dependencies on the classpath.
   */
  private static final class UnnamedModuleFileManager
      extends ForwardingJavaFileManager<StandardJavaFileManager> {
    private static final String MODULE_INFO = "module-info";

    UnnamedModuleFileManager(StandardJavaFileManager fileManager) {
      super(fileManager);
    }

    StandardJavaFileManager standard() {
      return fileManager;
    }

    @Override
    public JavaFileObject getJavaFileForInput(
        Location location, String className, JavaFileObject.Kind kind) throws IOException {
      if (location == StandardLocation.SOURCE_PATH && className.equals(MODULE_INFO)) {
        return null;
      }
      return super.getJavaFileForInput(location, className, kind);
    }

    @Override
    public Iterable<JavaFileObject> list(
        Location location, String packageName, Set<JavaFileObject.Kind> kinds, boolean recurse)
        throws IOException {
      Iterable<JavaFileObject> files = super.list(location, packageName, kinds, recurse);
      if (location != StandardLocation.SOURCE_PATH) {
        return files;
      }
      List<JavaFileObject> visible = new ArrayList<>();
      for (JavaFileObject file : files) {
        if (!file.isNameCompatible(MODULE_INFO, JavaFileObject.Kind.SOURCE)) {
          visible.add(file);
        }
      }
      return visible;
    }
  }

  /** A check threw on code that javac accepted: a bug in the check, not in the user's code. */
  static final class CheckCrashed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CheckCrashed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Gathers what the batches report; javac errors once each, though batches may repeat them. */
  private final class Collector {
    final List<Finding> findings = new ArrayList<>();
    final Map<String, CompileError> compileErrors = new LinkedHashMap<>();
    private final Map<JavaFileObject, SourceText> texts = new HashMap<>();

    void compileError(Diagnostic<? extends JavaFileObject> diagnostic) {
      JavaFileObject source = diagnostic.getSource();
      String message = diagnostic.getMessage(Locale.ROOT);
      String key =
          (source == null ? "" : source.toUri()) + ":" + diagnostic.getPosition() + message;
      if (compileErrors.containsKey(key)) {
        return;
      }
      int line = (int) Math.max(0, diagnostic.getLineNumber());
      String sourceLine =
          source == null || line == 0
              ? null
              : texts.computeIfAbsent(source, Linter::sourceText).lineText(line);
      compileErrors.put(
          key,
          new CompileError(
              source == null ? null : displayPath.apply(Path.of(source.toUri())),
              line,
              (int) Math.max(0, diagnostic.getColumnNumber()),
              message,
              sourceLine));
    }
  }
}
