package io.github.deferlint.checks.flow;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import io.github.deferlint.checks.Probe;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.InlineBody;
import io.github.deferlint.checks.util.Sources;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Whether a scope body's deferrals may change what its caller gets, decided on the source: {@link
 * BodyDeferrals}, alone.
 */
final class BodyDeferralsTest {
  /**
   * Reports, for the body of {@code probe(Defer.call(...))} or {@code probe(Defer.named(...))},
   * {@code may} or {@code no}, then what the actions of its deferrals write, one list per deferral
   * on the body's scope ({@code may [value] []}).
   */
  @BugPattern(summary = "body deferrals probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class BodyDeferralsProbe extends Probe {
    private final DeferApi api;

    @Inject
    public BodyDeferralsProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    protected String answer(TreePath argument, VisitorState state) {
      MethodInvocationTree opener = (MethodInvocationTree) argument.getLeaf();
      ExpressionTree lambda =
          opener.getArguments().stream()
              .filter(LambdaExpressionTree.class::isInstance)
              .findFirst()
              .orElseThrow();
      TreePath bodyPath = new TreePath(argument, lambda);
      InlineBody body = api.inlineBody(bodyPath, state).orElseThrow();
      Optional<NamedResults> named =
          body.namedResult().map(result -> new NamedResults(api, result, body.scope(), state));
      BodyDeferrals deferrals =
          new BodyDeferrals(
              api, body, bodyPath, named, new Locations(api, body.namedResult(), state), state);
      StringBuilder answer = new StringBuilder(deferrals.mayChangeWhatIsReturned() ? "may" : "no");
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
          deferrals
              .of(call)
              .ifPresent(
                  deferral ->
                      answer.append(
                          deferrals.writesOf(deferral, getCurrentPath()).stream()
                              .map(write -> Sources.shortSource(write.target(), state, 30))
                              .collect(Collectors.joining(" ", " [", "]"))));
          return super.visitMethodInvocation(call, null);
        }
      }.scan(new TreePath(bodyPath, ((LambdaExpressionTree) lambda).getBody()), null);
      return answer.toString();
    }
  }

  @Test
  void whatTheDeferralsOfABodyMayChange() {
    CompilationTestHelper.newInstance(BodyDeferralsProbe.class, getClass())
        .addSourceLines(
            "Bodies.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Scope;",
            "class Bodies {",
            "  static void probe(Object value) {}",
            "  static void log(Object o) {}",
            "  int value;",
            "  int[] counts = new int[2];",
            "  void f(Scope outer) {",
            "    // Nothing deferred writes what the return reads, nor deferred elsewhere.",
            "    // BUG: Diagnostic contains: probe: no []",
            "    probe(Defer.call(scope -> { scope.defer(() -> log(value)); return value; }));",
            "    // BUG: Diagnostic contains: probe: no",
            "    probe(Defer.call(scope -> { outer.defer(() -> value++); return value; }));",
            "    // A deferral on the body's scope writes the field the return reads.",
            "    // BUG: Diagnostic contains: probe: may [value]",
            "    probe(Defer.call(scope -> { scope.defer(() -> value++); return value; }));",
            "    // It writes a field, but the return reads another location.",
            "    // BUG: Diagnostic contains: probe: no [value]",
            "    probe(Defer.call(scope -> { scope.defer(() -> value++); return counts[0]; }));",
            "    // BUG: Diagnostic contains: probe: may [counts[0]]",
            "    probe(Defer.call(scope -> { scope.defer(() -> counts[0] = 1); return counts[0]; }));",
            "    // A deferral that sets the named result, or a set in the body itself.",
            "    // BUG: Diagnostic contains: probe: may",
            "    probe(Defer.named(0, (scope, result) -> {",
            "      scope.defer(() -> result.set(1));",
            "      return 2;",
            "    }));",
            "    // BUG: Diagnostic contains: probe: may",
            "    probe(Defer.named(0, (scope, result) -> {",
            "      result.set(1);",
            "      return 2;",
            "    }));",
            "    // An action that may set the named result may replace it (its graph says whether",
            "    // always), and knows what the caller gets: its other writes are not counted.",
            "    // BUG: Diagnostic contains: probe: may []",
            "    probe(Defer.named(0, (scope, result) -> {",
            "      scope.defer(() -> { value++; if (value > 3) result.set(value); });",
            "      return value;",
            "    }));",
            "  }",
            "}")
        .doTest();
  }
}
