package io.github.deferlint.checks.model;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.LambdaExpressionTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import javax.inject.Inject;
import org.junit.jupiter.api.Test;

/** When a function written inline runs: {@link Execution#of}, on its own. */
final class ExecutionTest {
  /** Reports when each lambda and method reference runs. */
  @BugPattern(summary = "execution probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class ExecutionProbe extends BugChecker
      implements LambdaExpressionTreeMatcher, MemberReferenceTreeMatcher {
    private final DeferApi api;

    @Inject
    public ExecutionProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    public Description matchLambdaExpression(LambdaExpressionTree lambda, VisitorState state) {
      return report(state);
    }

    @Override
    public Description matchMemberReference(MemberReferenceTree reference, VisitorState state) {
      return report(state);
    }

    private Description report(VisitorState state) {
      Execution execution = Execution.of(state.getPath(), api, state);
      return buildDescription(state.getPath().getLeaf())
          .setMessage("[" + execution.when() + "]")
          .build();
    }
  }

  @Test
  void whenInlineFunctionsRun() {
    CompilationTestHelper.newInstance(ExecutionProbe.class, getClass())
        .addSourceLines(
            "Functions.java",
            "import io.github.deferlint.defer.Defer;",
            "import java.time.Duration;",
            "import java.util.List;",
            "import java.util.concurrent.ExecutorService;",
            "import java.util.function.Supplier;",
            "class Functions {",
            "  static void use(Object o) {}",
            "  void f(List<String> names, ExecutorService executor) {",
            "    // BUG: Diagnostic contains: [SCOPE_BODY]",
            "    Defer.run(scope -> {",
            "      // BUG: Diagnostic contains: [DEFERRED_ACTION]",
            "      scope.defer(() -> use(1));",
            "      // BUG: Diagnostic contains: [DEFERRED_ACTION]",
            "      scope.defer(Functions::use, 2);",
            "      // BUG: Diagnostic contains: [PER_ELEMENT]",
            "      names.forEach(name -> use(name));",
            "      // BUG: Diagnostic contains: [PER_ELEMENT]",
            "      names.stream().forEach(Functions::use);",
            "      // BUG: Diagnostic contains: [ON_THE_SPOT]",
            "      use(((Supplier<Duration>) () -> Duration.ZERO).get());",
            "      // BUG: Diagnostic contains: [UNKNOWN]",
            "      executor.submit(() -> use(3));",
            "      // BUG: Diagnostic contains: [UNKNOWN]",
            "      Runnable stored = () -> use(4);",
            "      // The value handed to a deferred call is no action itself.",
            "      // BUG: Diagnostic contains: [DEFERRED_ACTION]",
            "      scope.defer(Functions::use,",
            "          // BUG: Diagnostic contains: [UNKNOWN]",
            "          (Runnable) () -> use(5));",
            "    });",
            "  }",
            "}")
        .doTest();
  }
}
