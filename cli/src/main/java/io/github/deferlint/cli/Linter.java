package io.github.deferlint.cli;

import com.google.errorprone.BugCheckerInfo;
import com.google.errorprone.ErrorProneOptions;
import com.google.errorprone.InvalidCommandLineOptionException;
import com.google.errorprone.scanner.ScannerSupplier;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Compiles Java files with javac and runs the checks on them, in batches so that memory stays
 * bounded on large trees, {@code jobs} batches at a time, each on a thread and in a javac task of
 * its own ({@link BatchCompiler}). What the batches find is merged in batch order, and the batches
 * do not depend on {@code jobs}: the result is the same however many run at once and whichever ends
 * first. Nothing is written: the compilation stops after flow analysis.
 */
final class Linter {
  /** The most files a batch holds (unless {@code --batch-size} says otherwise). */
  static final int DEFAULT_BATCH_SIZE = 500;

  /**
   * How many batches a tree too small to fill them is still split into, so that as many cores can
   * share it; batches of fewer than {@link #MIN_SPREAD_BATCH_SIZE} files are not worth it. (On
   * 1,001 files, 9 batches took no more CPU time than 3: docs/performance.md.)
   */
  static final int SPREAD = 8;

  static final int MIN_SPREAD_BATCH_SIZE = 100;

  /** Told after each batch, on the thread that called {@link #lint}. */
  interface Progress {
    Progress NONE = (files, total) -> {};

    void compiled(int files, int total);
  }

  /**
   * What a run found: findings when the sources compiled, else javac's errors.
   *
   * @param unlistedErrors errors javac counted but did not list, past {@link Settings#maxErrors}
   * @param fixedSources the files whose findings have fixes, with the fixes applied (when asked)
   * @param batchesLeftOut with errors, the batches after the first that had some: not compiled, or
   *     not listed, as a run with errors reports nothing else
   */
  record Result(
      List<Finding> findings,
      List<CompileError> compileErrors,
      int unlistedErrors,
      Map<Path, String> fixedSources,
      int batchesLeftOut) {}

  /**
   * What the user's code is compiled with.
   *
   * @param maxErrors how many errors javac lists per batch (its {@code -Xmaxerrs})
   * @param javacOptions the user's own options for javac, after the runner's
   */
  record Settings(
      List<Path> classpath,
      @Nullable String release,
      Charset encoding,
      int maxErrors,
      List<String> javacOptions) {}

  private final ScannerSupplier checks;
  private final ErrorProneOptions errorProneOptions;
  private final Settings settings;
  private final Function<Path, String> displayPath;
  private final int batchSize;
  private final int jobs;

  /**
   * {@code arguments}, telling the checks which of Error Prone's checks they replace do not run: a
   * variant such as DeferAwareMustBeClosedChecker stays silent while the original it names among
   * its other names runs, and this runner runs Error Prone's own checks only when asked to.
   */
  private static List<String> withReplacedChecksOff(
      ScannerSupplier enabled, List<String> arguments) {
    Set<String> running =
        enabled.getEnabledChecks().stream()
            .map(BugCheckerInfo::canonicalName)
            .collect(Collectors.toSet());
    List<String> all = new ArrayList<>();
    for (BugCheckerInfo check : enabled.getEnabledChecks()) {
      check.allNames().stream()
          .filter(name -> !running.contains(name))
          .forEach(name -> all.add("-Xep:" + name + ":OFF"));
    }
    // The scanner is built already: these severities only tell the checks what runs.
    all.addAll(arguments);
    return all;
  }

  /**
   * @param errorProneArguments {@code -Xep:Name:LEVEL} and {@code -XepOpt:...} arguments
   * @param jobs how many batches to compile at once
   * @throws UsageException if Error Prone rejects the arguments
   */
  Linter(
      ScannerSupplier checks,
      List<String> errorProneArguments,
      Settings settings,
      Function<Path, String> displayPath,
      int batchSize,
      int jobs) {
    try {
      this.checks = checks.applyOverrides(ErrorProneOptions.processArgs(errorProneArguments));
      this.errorProneOptions =
          ErrorProneOptions.processArgs(withReplacedChecksOff(this.checks, errorProneArguments));
    } catch (InvalidCommandLineOptionException e) {
      // Error Prone's refusals have a message; one without is named by its class.
      throw new UsageException(Objects.requireNonNullElse(e.getMessage(), e.toString()), e);
    }
    this.settings = settings;
    this.displayPath = displayPath;
    this.batchSize = batchSize;
    this.jobs = jobs;
  }

  /** The checks that run, by name: deferlint's unless turned off, and Error Prone's turned on. */
  List<BugCheckerInfo> enabledChecks() {
    return checks.getEnabledChecks().stream()
        .sorted(Comparator.comparing(BugCheckerInfo::canonicalName))
        .toList();
  }

  /** How many batches {@code sources} make. */
  int batchCount(SourceSet sources) {
    return plan(sources.files(), batchSize).size();
  }

  /**
   * Compiles and checks {@code sources}.
   *
   * @param edited the text of files to check as edited in memory rather than as on disk
   * @param withFixes whether to apply the findings' fixes to their files' text
   */
  Result lint(SourceSet sources, Map<Path, String> edited, boolean withFixes, Progress progress) {
    List<List<SourceSet.SourceFile>> batches = plan(sources.files(), batchSize);
    BatchCompiler compiler =
        new BatchCompiler(
            checks, errorProneOptions, settings, sources, edited, displayPath, withFixes);
    BatchCompiler.Outcome[] outcomes = new BatchCompiler.Outcome[batches.size()];
    // A batch on which javac threw does not stop the others: their errors may be what set it off.
    JavacCrashed[] crashes = new JavacCrashed[batches.size()];
    // Batches start in order, so every batch before the first with errors has started: the errors
    // of those up to it are the same however many run at once. Later ones need not compile at all.
    AtomicInteger firstWithErrors = new AtomicInteger(Integer.MAX_VALUE);
    ExecutorService threads =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(jobs, batches.size())), new CompilerThreads());
    try {
      CompletionService<Integer> finished = new ExecutorCompletionService<>(threads);
      for (int i = 0; i < batches.size(); i++) {
        int index = i;
        finished.submit(
            () -> {
              if (index > firstWithErrors.get()) {
                return index;
              }
              try {
                BatchCompiler.Outcome outcome = compiler.compile(batches.get(index));
                outcomes[index] = outcome;
                if (!outcome.compileErrors().isEmpty() || outcome.unlistedErrors() > 0) {
                  firstWithErrors.accumulateAndGet(index, Math::min);
                }
              } catch (JavacCrashed crash) {
                crashes[index] = crash;
              }
              return index;
            });
      }
      int files = 0;
      for (int i = 0; i < batches.size(); i++) {
        int index = await(finished.take());
        if (outcomes[index] != null || crashes[index] != null) {
          files += batches.get(index).size();
          progress.compiled(files, sources.files().size());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while compiling", e);
    } finally {
      // After a failure, the other batches' results no longer matter.
      threads.shutdownNow();
    }
    return merged(outcomes, crashes, Math.min(firstWithErrors.get(), batches.size() - 1));
  }

  /**
   * What the batches up to {@code last} found, in batch order.
   *
   * @throws JavacCrashed the first batch's on which javac threw, with every batch's errors
   */
  private static Result merged(BatchCompiler.Outcome[] outcomes, JavacCrashed[] crashes, int last) {
    List<Finding> findings = new ArrayList<>();
    Map<String, CompileError> compileErrors = new LinkedHashMap<>();
    int unlistedErrors = 0;
    Map<Path, String> fixedSources = new LinkedHashMap<>();
    JavacCrashed firstCrash = null;
    for (int i = 0; i <= last; i++) {
      JavacCrashed crash = crashes[i];
      if (crash != null) {
        firstCrash = firstCrash == null ? crash : firstCrash;
        crash.errorsBeforeByKey().forEach(compileErrors::putIfAbsent);
        continue;
      }
      BatchCompiler.Outcome outcome = outcomes[i];
      findings.addAll(outcome.findings());
      // Batches repeat the errors of the files they all read from the source roots.
      outcome.compileErrors().forEach(compileErrors::putIfAbsent);
      unlistedErrors += outcome.unlistedErrors();
      fixedSources.putAll(outcome.fixedSources());
    }
    if (firstCrash != null) {
      throw firstCrash.withErrorsBefore(compileErrors);
    }
    findings.sort(Finding.IN_SOURCE_ORDER);
    return new Result(
        findings,
        List.copyOf(compileErrors.values()),
        unlistedErrors,
        fixedSources,
        outcomes.length - 1 - last);
  }

  /** The batch's index once it is done; what it threw, if it failed. */
  private static int await(Future<Integer> batch) throws InterruptedException {
    try {
      return batch.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * Batches of at most {@code batchSize}, at least {@link #SPREAD} of them if they can hold {@link
   * #MIN_SPREAD_BATCH_SIZE} files each, as even as they can be: 5,001 files make 11 batches of 455
   * (not 10 of 500 and one of 1, which would run alone at the end), 1,000 make 8 of 125. They
   * depend on the files alone, not on how many run at once.
   */
  static List<List<SourceSet.SourceFile>> plan(List<SourceSet.SourceFile> files, int batchSize) {
    int count =
        Math.max(
            ceilingDivision(files.size(), batchSize),
            Math.min(SPREAD, files.size() / MIN_SPREAD_BATCH_SIZE));
    return batches(files, ceilingDivision(files.size(), Math.max(1, count)));
  }

  private static int ceilingDivision(int dividend, int divisor) {
    return (dividend + divisor - 1) / divisor;
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

  /**
   * Daemon threads, so that a run that gave up on its batches can exit; with the JVM's default
   * stack size, which {@code -Xss} sets.
   */
  private static final class CompilerThreads implements java.util.concurrent.ThreadFactory {
    private static final AtomicInteger COUNT = new AtomicInteger();

    @Override
    public Thread newThread(Runnable work) {
      Thread thread = new Thread(work, "deferlint-javac-" + COUNT.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }

  /** A check threw on code that javac accepted: a bug in the check, not in the user's code. */
  static final class CheckCrashed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CheckCrashed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
