package io.github.deferlint.cli;

import com.google.errorprone.BugCheckerInfo;
import io.github.deferlint.checks.model.Flags;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code deferlint [options] PATH...}: the CI lint runner. */
@Command(
    name = "deferlint",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
      "Compiles the Java files under each PATH with javac and the deferlint checks (Error Prone's"
          + " own checks are off unless asked for) and reports the findings. Nothing is written"
          + " but the report, the baseline and, with --fix, the fixed sources.",
      "",
      "The user's code is compiled against the classpath given with --classpath, plus the"
          + " deferlint-api the runner bundles (see --no-bundled-api). Files refer to each other"
          + " through the source roots their package declarations imply.",
      ""
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:no findings at or above --fail-on (or a baseline was written)",
      "1:findings at or above --fail-on (new ones only, with --baseline)",
      "2:bad usage or input: an unknown option, check or flag, a missing path or classpath"
          + " entry, a directory without Java files, a file that is not Java source or not in"
          + " --encoding, a --javac-option refused, sources"
          + " that do not compile (javac's errors are printed, apart from findings), an --output or"
          + " --write-baseline that is an input or write-protected; the JVM out of memory or stack"
          + " (the message says how to give it more); fixes that would not compile (nothing is"
          + " written)"
    },
    footer = {"", "Docs: https://github.com/deferlint/deferlint/blob/main/docs/integration/ci.md"})
public final class Main implements Callable<Integer> {
  static final int CLEAN = 0;
  static final int FINDINGS = 1;
  static final int BAD_INPUT = 2;

  /** Trees with more files than this get progress lines on stderr. */
  static final int PROGRESS_THRESHOLD = 300;

  private static final int DEFAULT_MAX_ERRORS = 100;

  /** How many packages that javac found nowhere the line after its errors names. */
  private static final int MISSING_PACKAGES_NAMED = 3;

  /**
   * The heap a job needs for a batch of {@link Linter#DEFAULT_BATCH_SIZE} files, with room to spare
   * (docs/performance.md): the default {@code --jobs} is no more than the heap has room for.
   */
  static final long HEAP_PER_JOB = 512L * 1024 * 1024;

  private static final Pattern CHECK_OVERRIDE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*):(OFF|WARN|ERROR)", Pattern.CASE_INSENSITIVE);

  enum Format {
    TEXT,
    SARIF,
    JSON,
    GITHUB,
    CHECKSTYLE
  }

  enum FailOn {
    ERROR,
    WARNING,
    NEVER
  }

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "Java files, or directories searched for .java files (hidden ones skipped).")
  private List<String> paths = new ArrayList<>();

  @Option(
      names = {"-cp", "--classpath"},
      paramLabel = "CLASSPATH",
      description =
          "Where the code's dependencies are: jars and class directories separated by the"
              + " platform's path separator (':' or ';'), 'dir/*' for all jars in dir."
              + " Repeatable.")
  private List<String> classpath = new ArrayList<>();

  @Option(
      names = "--release",
      paramLabel = "N",
      description = "Compile for Java release N (javac --release), e.g. 17. Default: the JDK's.")
  private @Nullable Integer release;

  @Option(
      names = "--encoding",
      paramLabel = "CHARSET",
      description = "What the sources are written in (javac -encoding). Default: UTF-8.")
  private String encoding = "UTF-8";

  @Option(
      names = "--javac-option",
      paramLabel = "OPTION",
      description =
          "Pass OPTION to javac, e.g. --javac-option=--add-modules=jdk.incubator.vector or"
              + " --javac-option=--enable-preview. One argument each: an option's value goes after"
              + " '=' or in the next --javac-option. Options the runner sets itself (class path,"
              + " output, annotation processing, --release) are refused. Repeatable.")
  private List<String> javacOptions = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "text (default): path:line:col: severity: [Check] message lines with the source line"
              + " and a caret; sarif: SARIF 2.1.0 for code scanning; json; github: GitHub Actions"
              + " workflow commands (annotations); checkstyle: Checkstyle's XML.")
  private Format format = Format.TEXT;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the report to FILE instead of standard output.")
  private @Nullable Path output;

  @Option(
      names = "--fail-on",
      paramLabel = "LEVEL",
      description =
          "Exit with 1 when there are findings at this level or above: error, warning (default)"
              + " or never.")
  private FailOn failOn = FailOn.WARNING;

  @Option(
      names = "--check",
      paramLabel = "NAME:LEVEL",
      description =
          "Set a check's level: OFF, WARN or ERROR (Error Prone's -Xep:NAME:LEVEL). Also turns on"
              + " one of Error Prone's own checks, e.g. CheckReturnValue:ERROR. Repeatable.")
  private List<String> checkOverrides = new ArrayList<>();

  @Option(
      names = "--flag",
      paramLabel = "NAME=VALUE",
      description =
          "Pass a flag to the checks (Error Prone's -XepOpt:NAME=VALUE), e.g."
              + " Deferlint:ScopeTypes=com.acme.Scope. Repeatable.")
  private List<String> flags = new ArrayList<>();

  @Option(
      names = "--all-error-prone-checks",
      description = "Also run the checks Error Prone enables by default.")
  private boolean allErrorProneChecks;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description =
          "Ignore the findings FILE lists (matched by file, check and the text of the flagged"
              + " line, not its number): only new findings are reported and fail the run.")
  private @Nullable Path baseline;

  @Option(
      names = "--write-baseline",
      paramLabel = "FILE",
      description = "Write all current findings to FILE as a baseline; exits 0 unless bad input.")
  private @Nullable Path writeBaseline;

  @Option(
      names = "--fix",
      description =
          "Apply every fix the checks suggest, in place, then report what is left. The files are"
              + " written at the end, each whole, and only if the run succeeded and the fixed"
              + " files compile.")
  private boolean fix;

  @Option(
      names = "--dry-run",
      description =
          "With --fix: write nothing, print the changes as a unified diff instead (to --output"
              + " if given).")
  private boolean dryRun;

  @Option(
      names = {"-j", "--jobs"},
      paramLabel = "N",
      description =
          "Compile N batches of files at once, each on a thread of its own. Default: the"
              + " machine's cores, as many as the heap has room for (512 MB each).")
  private @Nullable Integer jobs;

  @Option(
      names = "--max-errors",
      paramLabel = "N",
      description =
          "When the sources do not compile, list up to N of javac's errors (javac -Xmaxerrs)."
              + " Default: 100.")
  private int maxErrors = DEFAULT_MAX_ERRORS;

  @Option(
      names = "--no-bundled-api",
      description =
          "Do not add the bundled deferlint-api to the classpath (when --classpath has it).")
  private boolean noBundledApi;

  @Option(
      names = "--progress",
      negatable = true,
      description =
          "Files compiled so far, on standard error. Default: on a terminal, for more than "
              + PROGRESS_THRESHOLD
              + " files.")
  private @Nullable Boolean progress;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress and no summary line: findings and errors only.")
  private boolean quiet;

  @Option(names = "--batch-size", hidden = true, description = "Files per javac task.")
  private int batchSize = Linter.DEFAULT_BATCH_SIZE;

  private final Path workingDirectory;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean onTerminal;

  private Main(Path workingDirectory, PrintStream out, PrintStream err, boolean onTerminal) {
    this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    this.out = out;
    this.err = err;
    this.onTerminal = onTerminal;
  }

  public static void main(String[] args) {
    System.exit(run(Path.of(""), args, System.out, System.err, Terminal.stderr()));
  }

  /**
   * Runs the command as if started in {@code workingDirectory}, its standard error not a terminal;
   * returns the exit status.
   */
  public static int run(Path workingDirectory, String[] args, PrintStream out, PrintStream err) {
    return run(workingDirectory, args, out, err, false);
  }

  static int run(
      Path workingDirectory,
      String[] args,
      PrintStream out,
      PrintStream err,
      boolean stderrIsTerminal) {
    return new CommandLine(new Main(workingDirectory, out, err, stderrIsTerminal))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(new PrintWriter(out, true, out.charset()))
        .setErr(new PrintWriter(err, true, err.charset()))
        .setParameterExceptionHandler(
            (e, arguments) -> {
              err.println("deferlint: " + e.getMessage() + " (see deferlint --help)");
              return BAD_INPUT;
            })
        .setExecutionExceptionHandler(
            (e, commandLine, parseResult) -> {
              err.println("deferlint: internal error: " + e);
              return BAD_INPUT;
            })
        .execute(args);
  }

  @Override
  public Integer call() {
    try {
      return lint();
    } catch (UsageException e) {
      err.println("deferlint: " + e.getMessage());
      return BAD_INPUT;
    } catch (Linter.CheckCrashed e) {
      err.println(
          "deferlint: a check crashed (a bug in deferlint, please report it): " + e.getMessage());
      return BAD_INPUT;
    } catch (JavacCrashed e) {
      e.errorsBefore().stream()
          .limit(maxErrors)
          .forEach(error -> err.print(TextReport.render(error)));
      err.println("deferlint: " + e.describe());
      return BAD_INPUT;
    } catch (JvmLimitReached e) {
      err.println("deferlint: " + e.describe(jobs()));
      return BAD_INPUT;
    } catch (VirtualMachineError e) {
      err.println("deferlint: " + new JvmLimitReached(e, null).describe(jobs()));
      return BAD_INPUT;
    }
  }

  private int lint() {
    Checks checks = Checks.discover();
    List<String> errorProneArguments = errorProneArguments(checks);
    List<Path> dependencies = classpathEntries();
    validateRelease();
    List<String> checkedJavacOptions =
        JavacOptions.check(javacOptions, release == null ? null : release.toString());
    validateCounts();
    validateFixOptions();
    Charset charset = charset();
    Baseline known =
        baseline == null ? null : Baseline.read(resolve(baseline), baseline.toString());

    SourceSet sources = SourceSet.find(workingDirectory, paths, charset, this::displayPath);
    refuseToOverwriteInputs(sources);
    try (BundledApi api = noBundledApi ? null : BundledApi.extract()) {
      List<Path> compileClasspath = new ArrayList<>(dependencies);
      if (api != null) {
        // Last, so that a deferlint-api on the user's classpath wins.
        compileClasspath.add(api.directory());
      }
      Linter linter =
          new Linter(
              checks.scannerSupplier(allErrorProneChecks),
              errorProneArguments,
              new Linter.Settings(
                  compileClasspath,
                  release == null ? null : release.toString(),
                  charset,
                  maxErrors,
                  checkedJavacOptions),
              this::displayPath,
              batchSize,
              jobs());
      Linter.Result result = linter.lint(sources, Map.of(), fix, progress(linter, sources));
      if (!result.compileErrors().isEmpty()) {
        return reportCompileErrors(
            result,
            "the sources do not compile",
            "not deferlint findings",
            adviceOn(result.compileErrors()));
      }
      List<Finding> findings = result.findings();
      if (fix) {
        Optional<List<Finding>> left = fix(linter, sources, result, charset, known);
        if (left.isEmpty()) {
          return BAD_INPUT;
        }
        if (!dryRun) {
          findings = left.get();
        }
      }
      return report(findings, known, sources.files().size(), linter.enabledChecks());
    }
  }

  /** Writes the baseline and the report of {@code findings}; returns the exit status. */
  private int report(
      List<Finding> findings,
      @Nullable Baseline known,
      int files,
      List<BugCheckerInfo> enabledChecks) {
    if (writeBaseline != null) {
      Baseline.write(resolve(writeBaseline), writeBaseline.toString(), findings);
    }
    Baseline.Split split = known == null ? new Baseline.Split(findings, 0) : known.split(findings);
    if (dryRun) {
      // The diff took the report's place; the sources are as they were.
      return fails(split.newFindings()) ? FINDINGS : CLEAN;
    }
    writeReport(new Report(split.newFindings(), files, split.known(), enabledChecks));
    if (writeBaseline != null && !quiet) {
      err.printf(
          "deferlint: wrote %s to the baseline %s%n",
          Report.count(findings.size(), "finding"), writeBaseline);
    }
    return writeBaseline == null && fails(split.newFindings()) ? FINDINGS : CLEAN;
  }

  /**
   * {@code --fix}: checks the fixed files again, as fixed, and writes them (or, with {@code
   * --dry-run}, prints their diff, and on stderr the findings it would leave) if they compile.
   * Returns the findings left, or nothing when the fixed files do not compile (said on stderr;
   * nothing is written).
   */
  private Optional<List<Finding>> fix(
      Linter linter,
      SourceSet sources,
      Linter.Result result,
      Charset charset,
      @Nullable Baseline known) {
    Map<Path, String> fixed = result.fixedSources();
    if (fixed.isEmpty()) {
      if (dryRun) {
        writeOutput("", "diff");
        printUnfixed(result.findings(), known, sources, linter);
      }
      if (!quiet) {
        err.println("deferlint: no fix applies; nothing to change");
      }
      return Optional.of(result.findings());
    }
    Linter.Result again =
        linter.lint(sources.only(fixed.keySet()), fixed, false, Linter.Progress.NONE);
    if (!again.compileErrors().isEmpty()) {
      reportCompileErrors(
          again,
          "the fixed sources would not compile",
          "in the fixed text",
          "nothing was written: a check's fix is wrong, please report it");
      return Optional.empty();
    }
    List<Finding> left = new ArrayList<>(again.findings());
    result.findings().stream()
        .filter(finding -> !fixed.containsKey(finding.file()))
        .forEach(left::add);
    left.sort(Finding.IN_SOURCE_ORDER);
    String changes =
        "%s %s; %d of %s %s left"
            .formatted(
                dryRun ? "--fix would change" : "--fix changed",
                Report.count(fixed.size(), "file"),
                left.size(),
                Report.count(result.findings().size(), "finding"),
                dryRun ? "would be" : "are");
    if (dryRun) {
      StringBuilder diff = new StringBuilder();
      fixed.forEach(
          (file, text) ->
              diff.append(UnifiedDiff.of(displayPath(file), read(file, charset), text)));
      writeOutput(diff.toString(), "diff");
      printUnfixed(left, known, sources, linter);
      if (!quiet) {
        err.println("deferlint: " + changes + "; nothing was written (--dry-run)");
      }
    } else {
      Output.writeAll(fixed, charset, this::displayPath, "fixed source");
      if (!quiet) {
        err.println("deferlint: " + changes);
      }
    }
    return Optional.of(left);
  }

  /**
   * With {@code --dry-run}, the diff takes the report's place: the findings no fix would remove
   * (and not in the baseline) go to stderr, in the text format, so that the exit status they set is
   * explained.
   */
  private void printUnfixed(
      List<Finding> left, @Nullable Baseline known, SourceSet sources, Linter linter) {
    List<Finding> unfixed = known == null ? left : known.split(left).newFindings();
    if (!unfixed.isEmpty()) {
      err.print(
          TextReport.render(
              new Report(unfixed, sources.files().size(), 0, linter.enabledChecks()), false));
    }
  }

  private Linter.Progress progress(Linter linter, SourceSet sources) {
    int total = sources.files().size();
    boolean shown =
        !quiet && (progress != null ? progress : onTerminal && total > PROGRESS_THRESHOLD);
    if (!shown) {
      return Linter.Progress.NONE;
    }
    int batches = linter.batchCount(sources);
    err.printf(
        "deferlint: checking %s in %d batch%s, %d at a time%n",
        Report.count(total, "file"), batches, batches == 1 ? "" : "es", Math.min(jobs(), batches));
    return (done, all) -> err.printf("deferlint: compiled %d/%d files%n", done, all);
  }

  private void writeReport(Report report) {
    boolean textOnTerminal = format == Format.TEXT && output == null;
    String rendered =
        switch (format) {
          case TEXT -> TextReport.render(report, !quiet || output != null);
          case SARIF -> SarifReport.render(report, workingDirectory);
          case JSON -> JsonReport.render(report);
          case GITHUB -> GithubReport.render(report);
          case CHECKSTYLE -> CheckstyleReport.render(report);
        };
    writeOutput(rendered, "report");
    if (!textOnTerminal && !quiet) {
      err.println(report.summary());
    }
  }

  /** {@code text} to --output, or to standard output. */
  private void writeOutput(String text, String what) {
    if (output == null) {
      out.print(text);
      out.flush();
    } else {
      Output.write(resolve(output), text, output.toString(), what);
    }
  }

  private boolean fails(List<Finding> findings) {
    return findings.stream()
        .anyMatch(
            finding ->
                switch (failOn) {
                  case ERROR -> finding.severity() == Severity.ERROR;
                  case WARNING -> finding.severity().compareTo(Severity.WARNING) >= 0;
                  case NEVER -> false;
                });
  }

  /**
   * Prints javac's errors, up to --max-errors, then {@code deferlint: <what>: N javac errors above
   * (<note>); <advice>}, which says when javac counted more than it listed, when batches after the
   * first with errors were left out, and which packages javac found nowhere.
   */
  private int reportCompileErrors(Linter.Result result, String what, String note, String advice) {
    List<CompileError> errors = result.compileErrors();
    errors.stream().limit(maxErrors).forEach(error -> err.print(TextReport.render(error)));
    int shown = Math.min(errors.size(), maxErrors);
    int total = errors.size() + result.unlistedErrors();
    boolean capped = shown < total;
    String notes = capped ? note + "; --max-errors " + total + " lists them all" : note;
    if (result.batchesLeftOut() > 0) {
      notes +=
          "; the files of %d more batch%s were not compiled"
              .formatted(result.batchesLeftOut(), result.batchesLeftOut() == 1 ? "" : "es");
    }
    err.printf(
        "deferlint: %s: %s above (%s); %s%n",
        what,
        capped
            ? "the first %d of %d javac errors are".formatted(shown, total)
            : Report.count(total, "javac error"),
        notes,
        advice);
    return BAD_INPUT;
  }

  /**
   * What to do about sources that do not compile: where javac found a package nowhere, the class
   * path usually lacks its jar, and the packages are named: {@code javac found no package a.b, c.d
   * and 2 more: ...}.
   */
  private static String adviceOn(List<CompileError> errors) {
    List<String> packages =
        errors.stream()
            .map(CompileError::missingPackage)
            .filter(Objects::nonNull)
            .distinct()
            .sorted()
            .toList();
    if (packages.isEmpty()) {
      return "fix them, or the --classpath, --release or --javac-option, and run again";
    }
    // "a, b, c and 2 more", but "a, b, c and d" rather than "and 1 more".
    int more =
        packages.size() > MISSING_PACKAGES_NAMED + 1 ? packages.size() - MISSING_PACKAGES_NAMED : 0;
    List<String> listed = packages.subList(0, packages.size() - (more > 0 ? more : 1));
    String last = more > 0 ? more + " more" : packages.get(packages.size() - 1);
    String names = listed.isEmpty() ? last : String.join(", ", listed) + " and " + last;
    return "javac found no package "
        + names
        + ": put the jars that hold them on the --classpath, and run again";
  }

  /** The {@code -Xep} and {@code -XepOpt} arguments for {@code --check} and {@code --flag}. */
  private List<String> errorProneArguments(Checks checks) {
    List<String> arguments = new ArrayList<>();
    for (String override : checkOverrides) {
      Matcher matcher = CHECK_OVERRIDE.matcher(override);
      if (!matcher.matches()) {
        throw new UsageException(
            "--check " + override + ": expected NAME:LEVEL, LEVEL one of OFF, WARN, ERROR");
      }
      String name = matcher.group(1);
      if (checks.named(name).isEmpty()) {
        throw new UsageException(
            "unknown check "
                + name
                + " in --check "
                + override
                + " (deferlint's checks: "
                + checks.deferlintNames()
                + "; Error Prone's own are accepted too)");
      }
      arguments.add("-Xep:" + name + ":" + matcher.group(2).toUpperCase(Locale.ROOT));
    }
    for (String flag : flags) {
      int equals = flag.indexOf('=');
      if (equals <= 0) {
        throw new UsageException("--flag " + flag + ": expected NAME=VALUE");
      }
      String name = flag.substring(0, equals);
      // Error Prone ignores a flag no check reads: a misspelt one of ours would pass unnoticed.
      if (name.regionMatches(true, 0, Flags.PREFIX, 0, Flags.PREFIX.length())
          && !Flags.ALL.contains(name)) {
        throw new UsageException(
            "unknown flag "
                + name
                + " in --flag "
                + flag
                + " (deferlint's flags: "
                + String.join(", ", new TreeSet<>(Flags.ALL))
                + ")");
      }
      arguments.add("-XepOpt:" + flag);
    }
    return arguments;
  }

  private List<Path> classpathEntries() {
    List<Path> entries = new ArrayList<>();
    for (String option : classpath) {
      for (String entry : option.split(Pattern.quote(File.pathSeparator), -1)) {
        if (entry.isEmpty()) {
          continue;
        }
        if (entry.equals("*") || entry.endsWith(File.separator + "*")) {
          entries.addAll(jarsIn(entry));
        } else {
          Path path = resolve(Path.of(entry));
          if (!Files.exists(path)) {
            throw new UsageException("classpath entry not found: " + entry);
          }
          entries.add(path);
        }
      }
    }
    return entries;
  }

  private List<Path> jarsIn(String wildcard) {
    Path directory = resolve(Path.of(wildcard.substring(0, wildcard.length() - 1)));
    if (!Files.isDirectory(directory)) {
      throw new UsageException("classpath entry not found: " + wildcard + " (no such directory)");
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(file -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void validateRelease() {
    int newest = Runtime.version().feature();
    if (release != null && (release < 8 || release > newest)) {
      throw new UsageException(
          "--release "
              + release
              + " is not supported by the JDK running deferlint (Java "
              + newest
              + "): give 8 to "
              + newest);
    }
  }

  private void validateCounts() {
    if (jobs != null && jobs < 1) {
      throw new UsageException("--jobs " + jobs + ": give 1 or more");
    }
    if (maxErrors < 1) {
      throw new UsageException("--max-errors " + maxErrors + ": give 1 or more");
    }
  }

  private void validateFixOptions() {
    if (dryRun && !fix) {
      throw new UsageException("--dry-run goes with --fix: it shows what --fix would change");
    }
    if (dryRun && format != Format.TEXT) {
      throw new UsageException("--dry-run prints a diff, not a report: drop --format");
    }
    if (dryRun && writeBaseline != null) {
      throw new UsageException("--dry-run writes nothing: drop --write-baseline");
    }
  }

  private Charset charset() {
    try {
      return Charset.forName(encoding);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--encoding " + encoding + ": not a charset this JVM knows (e.g. UTF-8, ISO-8859-1)", e);
    }
  }

  /** {@code --jobs}, else the machine's cores, as many as the heap has room for. */
  private int jobs() {
    if (jobs != null) {
      return jobs;
    }
    long roomFor = Math.max(1, Runtime.getRuntime().maxMemory() / HEAP_PER_JOB);
    return (int) Math.min(Runtime.getRuntime().availableProcessors(), roomFor);
  }

  /**
   * Refuses an {@code --output} or {@code --write-baseline} that would overwrite an input (one of
   * the sources, the baseline read, or the other output) or cannot be written.
   */
  private void refuseToOverwriteInputs(SourceSet sources) {
    Set<Path> sourceFiles =
        sources.files().stream().map(file -> realPath(file.path())).collect(Collectors.toSet());
    Map<String, Path> outputs = new LinkedHashMap<>();
    outputs.put("--output", output);
    outputs.put("--write-baseline", writeBaseline);
    outputs.forEach(
        (option, file) -> {
          if (file != null && sourceFiles.contains(realPath(resolve(file)))) {
            throw new UsageException(
                option + " " + file + " is one of the sources to check; give another file");
          }
        });
    if (output != null && baseline != null && sameFile(output, baseline)) {
      throw new UsageException(
          "--output " + output + " is the --baseline it reads; give another file");
    }
    if (output != null && writeBaseline != null && sameFile(output, writeBaseline)) {
      throw new UsageException(
          "--output and --write-baseline name the same file, " + output + "; give two");
    }
    // Before anything is compiled, or written: --fix writes the sources before the report.
    if (output != null) {
      Output.requireWritable(resolve(output), output.toString(), dryRun ? "diff" : "report");
    }
    if (writeBaseline != null) {
      Output.requireWritable(resolve(writeBaseline), writeBaseline.toString(), "baseline");
    }
  }

  private boolean sameFile(Path a, Path b) {
    return realPath(resolve(a)).equals(realPath(resolve(b)));
  }

  /** Where {@code file} really is, through links; where it would be, if it does not exist. */
  private static Path realPath(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException e) {
      return file.toAbsolutePath().normalize();
    }
  }

  private String read(Path file, Charset charset) {
    try {
      return Files.readString(file, charset);
    } catch (IOException e) {
      throw new UsageException("cannot read " + displayPath(file), e);
    }
  }

  private Path resolve(Path path) {
    return workingDirectory.resolve(path).normalize();
  }

  /** A file as reports show it: relative to the working directory when inside it. */
  private String displayPath(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path shown =
        absolute.startsWith(workingDirectory) ? workingDirectory.relativize(absolute) : absolute;
    return shown.toString().replace(File.separatorChar, '/');
  }

  /** {@code --version}: the runner's and Error Prone's versions. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "deferlint " + Version.RUNNER + " (Error Prone " + Version.ERROR_PRONE + ")"
      };
    }
  }
}
