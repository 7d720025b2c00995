package io.github.deferlint.checks.flow;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.util.TreePath;
import io.github.deferlint.checks.Probe;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.util.Sources;
import java.util.Optional;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.junit.jupiter.api.Test;

/** Whether an action may stop a throwable and complete normally: {@link Recoveries}, alone. */
final class RecoveriesTest {
  /**
   * Reports, for the action {@code probe((Deferred) () -> ...)}, the line of the {@code recover()}
   * after which it may complete normally, or that there is none, as its graph says: {@code
   * [recovers on line 9]}, {@code [no recovery]}; with {@code , from the source} where the action's
   * code alone decides, {@code , without a graph} where the action has none, and {@code [the source
   * says ...]} if the source's answer differs from the graph's.
   */
  @BugPattern(summary = "recoveries probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class RecoveriesProbe extends Probe {
    private final DeferApi api;

    @Inject
    public RecoveriesProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    protected String answer(TreePath argument, VisitorState state) {
      TreePath action =
          argument.getLeaf() instanceof TypeCastTree cast
              ? new TreePath(argument, cast.getExpression())
              : argument;
      Predicate<MethodInvocationTree> isRecover = call -> api.isRecover(call, state);
      String source = describe(Recoveries.completingNormally(action, isRecover, state), state);
      boolean fromSource = !ControlFlow.wasAskedFor(action.getLeaf(), state);
      ControlFlowGraph actionGraph = ControlFlow.graph(action, state);
      if (actionGraph == null) {
        return "[" + source + ", without a graph]";
      }
      String graph = describe(Recoveries.completingNormally(actionGraph, isRecover), state);
      return !source.equals(graph)
          ? "[the source says " + source + ", the graph " + graph + "]"
          : "[" + graph + (fromSource ? ", from the source" : "") + "]";
    }

    private static String describe(Optional<MethodInvocationTree> call, VisitorState state) {
      return call.map(c -> "recovers on line " + Sources.lineOf(c, state)).orElse("no recovery");
    }
  }

  @Test
  void pathsOnWhichAThrowableWasStopped() {
    CompilationTestHelper.newInstance(RecoveriesProbe.class, getClass())
        .addSourceLines(
            "Actions.java",
            "import io.github.deferlint.defer.Deferred;",
            "import io.github.deferlint.defer.Scope;",
            "import java.util.Objects;",
            "class Actions {",
            "  static void probe(Object... values) {}",
            "  static void log(Object o) {}",
            "  static void rethrow(Throwable t) {}",
            "  void f(Scope scope, boolean verbose) {",
            "    // BUG: Diagnostic contains: [recovers on line 10, from the source]",
            "    probe((Deferred) () -> log(scope.recover()));",
            "    // BUG: Diagnostic contains: [recovers on line 12, from the source]",
            "    probe((Deferred) () -> { if (scope.recover() != null) log(\"bad\"); });",
            "    // BUG: Diagnostic contains: [no recovery]",
            "    probe((Deferred) () -> { if (scope.recover() != null) throw new Exception(); });",
            "    // BUG: Diagnostic contains: [no recovery]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      Throwable same = t;",
            "      if (same == null) {",
            "        return;",
            "      }",
            "      log(t);",
            "      throw new IllegalStateException(t);",
            "    });",
            "    // The null test negated, and Objects.nonNull, are followed too.",
            "    // BUG: Diagnostic contains: [no recovery]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      if (!(t == null) || Objects.nonNull(t)) {",
            "        throw new IllegalStateException(t);",
            "      }",
            "    });",
            "    // An instanceof leaves other throwables stopped.",
            "    // BUG: Diagnostic contains: [recovers on line 36]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      if (t instanceof RuntimeException e) {",
            "        throw e;",
            "      }",
            "    });",
            "    // Stopped on one path of several, or after the variable was reassigned.",
            "    // BUG: Diagnostic contains: [recovers on line 44]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      if (t != null && verbose) {",
            "        throw new IllegalStateException(t);",
            "      }",
            "    });",
            "    // BUG: Diagnostic contains: [recovers on line 51]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      t = null;",
            "      if (t != null) {",
            "        throw new IllegalStateException(t);",
            "      }",
            "    });",
            "    // A helper that always throws is not followed: it may return, as far as this shows.",
            "    // BUG: Diagnostic contains: [recovers on line 60, from the source]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      if (t != null) {",
            "        rethrow(t);",
            "      }",
            "    });",
            "    // BUG: Diagnostic contains: [no recovery, from the source]",
            "    probe((Deferred) () -> log(\"no recover\"));",
            "    // A loop is left to the graph: one that never ends does not complete normally.",
            "    // BUG: Diagnostic contains: [no recovery]",
            "    probe((Deferred) () -> {",
            "      log(scope.recover());",
            "      for (;;) {}",
            "    });",
            "    // BUG: Diagnostic contains: [no recovery, without a graph]",
            "    probe((Deferred) () -> {",
            "      log(scope.recover());",
            "      while (true) {}",
            "    });",
            "    // BUG: Diagnostic contains: [recovers on line 81]",
            "    probe((Deferred) () -> {",
            "      for (int i = 0; i < 3; i++) {",
            "        log(scope.recover());",
            "      }",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void aSwitchOnWhatWasRecovered() {
    assumeTrue(Runtime.version().feature() >= 21, "case null is Java 21 syntax");
    CompilationTestHelper.newInstance(RecoveriesProbe.class, getClass())
        .addSourceLines(
            "Actions.java",
            "import io.github.deferlint.defer.Deferred;",
            "import io.github.deferlint.defer.Panic;",
            "import io.github.deferlint.defer.Scope;",
            "class Actions {",
            "  static void probe(Object... values) {}",
            "  static void log(Object o) {}",
            "  void f(Scope scope) {",
            "    // Stopped nothing where null, rethrown everywhere else.",
            "    // BUG: Diagnostic contains: [no recovery]",
            "    probe((Deferred) () -> {",
            "      switch (scope.recover()) {",
            "        case null -> {}",
            "        default -> throw new IllegalStateException();",
            "      }",
            "    });",
            "    // BUG: Diagnostic contains: [no recovery]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      Object outcome = switch (t) {",
            "        case null -> \"nothing\";",
            "        default -> throw new IllegalStateException(t);",
            "      };",
            "      log(outcome);",
            "    });",
            "    // BUG: Diagnostic contains: [recovers on line 27]",
            "    probe((Deferred) () -> {",
            "      switch (scope.recover()) {",
            "        case null -> log(\"nothing\");",
            "        case Panic p -> log(p.value());",
            "        default -> throw new IllegalStateException();",
            "      }",
            "    });",
            "    // case null, default is the default case: no test, the throwable stays stopped.",
            "    // BUG: Diagnostic contains: [recovers on line 36]",
            "    probe((Deferred) () -> {",
            "      switch (scope.recover()) {",
            "        case Panic p -> throw p;",
            "        case null, default -> log(\"either\");",
            "      }",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void theRethrowIdiomOnTheSource() {
    CompilationTestHelper.newInstance(RecoveriesProbe.class, getClass())
        .addSourceLines(
            "Rethrows.java",
            "import io.github.deferlint.defer.Deferred;",
            "import io.github.deferlint.defer.Scope;",
            "class Rethrows {",
            "  static void probe(Object... values) {}",
            "  static void log(Object o) {}",
            "  void f(Scope scope, boolean verbose) {",
            "    // A jump out of the block before its throw: left to the graph.",
            "    // BUG: Diagnostic contains: [recovers on line 10]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      if (t != null) {",
            "        if (verbose) {",
            "          return;",
            "        }",
            "        throw new IllegalStateException(t);",
            "      }",
            "    });",
            "    // An else branch: left to the graph.",
            "    // BUG: Diagnostic contains: [no recovery]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      if (t != null) {",
            "        throw new IllegalStateException(t);",
            "      } else {",
            "        log(\"fine\");",
            "      }",
            "    });",
            "    // A second recover(), which stops what the first rethrew: left to the graph.",
            "    // BUG: Diagnostic contains: [recovers on line 35]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      if (t != null) {",
            "        throw new IllegalStateException(t);",
            "      }",
            "      log(scope.recover());",
            "    });",
            "    // BUG: Diagnostic contains: [no recovery, from the source]",
            "    probe((Deferred) () -> {",
            "      log(\"ending\");",
            "      Throwable failure = scope.recover();",
            "      if (failure != null) {",
            "        log(failure);",
            "        throw new IllegalArgumentException(failure);",
            "      }",
            "      log(\"ended\");",
            "    });",
            "    // BUG: Diagnostic contains: [no recovery, from the source]",
            "    probe((Deferred) () -> {",
            "      Object stopped = (scope.recover());",
            "      if (null != stopped) throw new IllegalStateException(String.valueOf(stopped));",
            "    });",
            "    // BUG: Diagnostic contains: [no recovery, from the source]",
            "    probe((Deferred) () -> {",
            "      Throwable t = scope.recover();",
            "      if (t != (Throwable) null) {",
            "        throw new IllegalStateException(t);",
            "      }",
            "    });",
            "  }",
            "}")
        .doTest();
  }

  /**
   * An action without a throw or a loop completes normally after its first {@code recover()}, but
   * for a call that never returns, which the graph follows.
   */
  @Test
  void aCallThatNeverReturnsIsLeftToTheGraph() {
    CompilationTestHelper.newInstance(RecoveriesProbe.class, getClass())
        .addSourceLines(
            "Terminates.java",
            "import io.github.deferlint.defer.Deferred;",
            "import io.github.deferlint.defer.Scope;",
            "import org.checkerframework.dataflow.qual.TerminatesExecution;",
            "class Terminates {",
            "  static void probe(Object... values) {}",
            "  static void log(Object o) {}",
            "  @TerminatesExecution",
            "  static void fail() {",
            "    throw new IllegalStateException();",
            "  }",
            "  void f(Scope scope) {",
            "    // BUG: Diagnostic contains: [recovers on line 14, from the source]",
            "    probe((Deferred) () -> {",
            "      log(scope.recover());",
            "      log(\"stopped\");",
            "    });",
            "    // BUG: Diagnostic contains: [no recovery]",
            "    probe((Deferred) () -> {",
            "      log(scope.recover());",
            "      fail();",
            "    });",
            "  }",
            "}")
        .doTest();
  }
}
