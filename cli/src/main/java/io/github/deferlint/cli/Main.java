package io.github.deferlint.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
          + " but the report and the baseline.",
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
      "2:bad usage or input: an unknown option or check, a missing path or classpath entry,"
          + " no .java files, a file that is not Java source, sources that do not compile"
          + " (javac's errors are printed, apart from findings)"
    },
    footer = {"", "Docs: https://github.com/deferlint/deferlint/blob/main/docs/integration/ci.md"})
public final class Main implements Callable<Integer> {
  static final int CLEAN = 0;
  static final int FINDINGS = 1;
  static final int BAD_INPUT = 2;

  /** Trees with more files than this get progress lines on stderr. */
  static final int PROGRESS_THRESHOLD = 300;

  private static final int MAX_COMPILE_ERRORS_SHOWN = 100;
  private static final Pattern CHECK_OVERRIDE =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*):(OFF|WARN|ERROR)", Pattern.CASE_INSENSITIVE);

  enum Format {
    TEXT,
    SARIF,
    JSON
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
  private Integer release;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "text (default): path:line:col: severity: [Check] message lines with the source line"
              + " and a caret; sarif: SARIF 2.1.0 for code scanning; json.")
  private Format format = Format.TEXT;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description = "Write the report to FILE instead of standard output.")
  private Path output;

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
  private Path baseline;

  @Option(
      names = "--write-baseline",
      paramLabel = "FILE",
      description = "Write all current findings to FILE as a baseline; exits 0 unless bad input.")
  private Path writeBaseline;

  @Option(
      names = "--no-bundled-api",
      description =
          "Do not add the bundled deferlint-api to the classpath (when --classpath has it).")
  private boolean noBundledApi;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress and no summary line: findings and errors only.")
  private boolean quiet;

  @Option(names = "--batch-size", hidden = true, description = "Files per javac task.")
  private int batchSize = Linter.DEFAULT_BATCH_SIZE;

  private final Path workingDirectory;
  private final PrintStream out;
  private final PrintStream err;

  private Main(Path workingDirectory, PrintStream out, PrintStream err) {
    this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(Path.of(""), args, System.out, System.err));
  }

  /** Runs the command as if started in {@code workingDirectory}; returns the exit status. */
  static int run(Path workingDirectory, String[] args, PrintStream out, PrintStream err) {
    return new CommandLine(new Main(workingDirectory, out, err))
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
    }
  }

  private int lint() {
    Checks checks = Checks.discover();
    List<String> errorProneArguments = errorProneArguments(checks);
    List<Path> dependencies = classpathEntries();
    validateRelease();
    Baseline known =
        baseline == null ? null : Baseline.read(resolve(baseline), baseline.toString());

    SourceSet sources = SourceSet.find(workingDirectory, paths);
    int total = sources.files().size();
    boolean showProgress = !quiet && total > PROGRESS_THRESHOLD;
    if (showProgress) {
      err.printf("deferlint: checking %d files%n", total);
    }
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
              new Linter.Settings(compileClasspath, release == null ? null : release.toString()),
              this::displayPath,
              batchSize,
              (done, all) -> {
                if (showProgress) {
                  err.printf("deferlint: compiled %d/%d files%n", done, all);
                }
              });
      Linter.Result result = linter.lint(sources);
      if (!result.compileErrors().isEmpty()) {
        return reportCompileErrors(result.compileErrors());
      }
      List<Finding> findings = result.findings();
      if (writeBaseline != null) {
        Baseline.write(resolve(writeBaseline), writeBaseline.toString(), findings);
      }
      Baseline.Split split =
          known == null ? new Baseline.Split(findings, 0) : known.split(findings);
      Report report = new Report(split.newFindings(), total, split.known(), linter.enabledChecks());
      writeReport(report);
      if (writeBaseline != null && !quiet) {
        err.printf(
            "deferlint: wrote %s to the baseline %s%n",
            Report.count(findings.size(), "finding"), writeBaseline);
      }
      return writeBaseline == null && fails(report) ? FINDINGS : CLEAN;
    }
  }

  private void writeReport(Report report) {
    boolean textOnTerminal = format == Format.TEXT && output == null;
    String rendered =
        switch (format) {
          case TEXT -> TextReport.render(report, !quiet || output != null);
          case SARIF -> SarifReport.render(report, workingDirectory);
          case JSON -> JsonReport.render(report);
        };
    if (output == null) {
      out.print(rendered);
      out.flush();
    } else {
      Output.write(resolve(output), rendered, output.toString(), "report");
    }
    if (!textOnTerminal && !quiet) {
      err.println(report.summary());
    }
  }

  private boolean fails(Report report) {
    return report.findings().stream()
        .anyMatch(
            finding ->
                switch (failOn) {
                  case ERROR -> finding.severity() == Severity.ERROR;
                  case WARNING -> finding.severity().compareTo(Severity.WARNING) >= 0;
                  case NEVER -> false;
                });
  }

  private int reportCompileErrors(List<CompileError> errors) {
    errors.stream()
        .limit(MAX_COMPILE_ERRORS_SHOWN)
        .forEach(error -> err.print(TextReport.render(error)));
    if (errors.size() > MAX_COMPILE_ERRORS_SHOWN) {
      err.printf("... and %d more javac errors%n", errors.size() - MAX_COMPILE_ERRORS_SHOWN);
    }
    err.printf(
        "deferlint: the sources do not compile: %d javac error%s above (not deferlint findings);"
            + " fix them, or the --classpath or --release, and run again%n",
        errors.size(), errors.size() == 1 ? "" : "s");
    return BAD_INPUT;
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
      if (flag.isBlank() || flag.startsWith("=")) {
        throw new UsageException("--flag " + flag + ": expected NAME=VALUE");
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
