package io.github.deferlint.checks;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.bugpatterns.CheckReturnValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * The identification tests follow {@link RecoverOutsideDeferred} top-down: a {@code recover()} call
 * on a scope the code shows, then where it runs relative to that scope's deferred actions, in the
 * order of the check's messages (the scope's body, nested in one of its actions, in another scope's
 * action, in a private helper), then {@code recover} referenced as the action itself.
 */
final class RecoverOutsideDeferredTest {
  private final CompilationTestHelper helper =
      CompilationTestHelper.newInstance(RecoverOutsideDeferred.class, getClass());

  /** A {@code recover()} call on a receiver that is a scope parameter, or a local alias of one. */
  @Test
  void identificationRecoverCallsOnAKnownScope() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Scope;",
            "class Negatives {",
            "  private Scope scopeField;",
            "  static void log(Object o) {}",
            "  abstract static class ScopeOfItsOwn implements Scope {",
            "    void report() {",
            "      log(recover());",
            "    }",
            "  }",
            "  void fieldScopeUnknown() {",
            "    log(scopeField.recover());",
            "  }",
            "  void records() {",
            "    record Box(Scope scope) {}",
            "    Defer.run(scope -> scope.defer(() -> {",
            "      Box box = new Box(scope);",
            "      log(box.scope().recover());",
            "    }));",
            "  }",
            "}")
        .doTest();
  }

  /** In the scope's body, also through nested scopes opened in it: before any of its actions. */
  @Test
  void identificationRecoverCallsInTheBody() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import io.github.deferlint.defer.Defer;",
            "class Negatives {",
            "  static void log(Object o) {}",
            "  void innerScopeOpenedInsideAction() {",
            "    Defer.run(outer -> outer.defer(() -> Defer.run(inner -> {",
            "      inner.defer(() -> log(outer.recover()));",
            "      log(outer.recover());",
            "    })));",
            "  }",
            "}")
        .addSourceLines(
            "Positives.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Scope;",
            "import io.github.deferlint.defer.ScopeFunction;",
            "class Positives {",
            "  static void log(Object o) {}",
            "  void inBody() {",
            "    Defer.run(scope -> {",
            "      // BUG: Diagnostic contains: runs in the body of scope `scope`",
            "      Throwable t = scope.recover();",
            "    });",
            "  }",
            "  void inBodyOfNestedScope() {",
            "    Defer.run(outer -> Defer.run(inner -> {",
            "      // BUG: Diagnostic contains: runs in the body of scope `outer`",
            "      log(outer.recover());",
            "    }));",
            "  }",
            "  Object anonymousBody() {",
            "    return Defer.call(new ScopeFunction<Object, RuntimeException>() {",
            "      @Override",
            "      public Object apply(Scope scope) {",
            "        // BUG: Diagnostic contains: runs in the body of scope `scope`",
            "        return scope.recover();",
            "      }",
            "    });",
            "  }",
            "  void argumentEvaluatedAtRegistration() {",
            "    // BUG: Diagnostic contains: runs in the body of scope `scope`",
            "    Defer.run(scope -> scope.defer(Positives::log, scope.recover()));",
            "  }",
            "}")
        .doTest();
  }

  /**
   * Directly in a deferred action of the scope (a lambda, an anonymous class, an action handed its
   * own scope), where recover works; nested in a lambda or class inside one, where it may run later
   * or elsewhere.
   */
  @Test
  void identificationRecoverCallsInTheScopesActions() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Deferred;",
            "import io.github.deferlint.defer.Deferred1;",
            "import io.github.deferlint.defer.Scope;",
            "class Negatives {",
            "  static void log(Object o) {}",
            "  void directlyInAction() {",
            "    Defer.run(scope -> {",
            "      scope.defer(() -> {",
            "        Throwable t = scope.recover();",
            "        if (t != null) { log(t); }",
            "      });",
            "    });",
            "  }",
            "  void throughAlias() {",
            "    Defer.run(scope -> {",
            "      Scope s = scope;",
            "      scope.defer(() -> log(s.recover()));",
            "    });",
            "  }",
            "  void anonymousClassAction() {",
            "    Defer.run(scope -> {",
            "      scope.defer(new Deferred() {",
            "        @Override",
            "        public void run() {",
            "          log(scope.recover());",
            "        }",
            "      });",
            "    });",
            "  }",
            "  void scopeHandedToItsOwnAction() {",
            "    Defer.run(scope -> scope.defer(s -> log(s.recover()), scope));",
            "  }",
            "  void anonymousActionGetsItsScope() {",
            "    Defer.run(scope -> scope.defer(new Deferred1<Scope>() {",
            "      @Override",
            "      public void accept(Scope s) {",
            "        log(s.recover());",
            "      }",
            "    }, scope));",
            "  }",
            "  void reRegisteredFromAction() {",
            "    Defer.run(scope -> scope.defer(() -> scope.defer(() -> log(scope.recover()))));",
            "  }",
            "  void namedRecoverToError() {",
            "    String r = Defer.named(\"ok\", (scope, result) -> {",
            "      scope.defer(() -> {",
            "        if (scope.recover() != null) { result.set(\"failed\"); }",
            "      });",
            "      return \"ok\";",
            "    });",
            "  }",
            "}")
        .addSourceLines(
            "Positives.java",
            "import io.github.deferlint.defer.Defer;",
            "import java.util.concurrent.ExecutorService;",
            "class Positives {",
            "  static void log(Object o) {}",
            "  void nestedLambda(ExecutorService executor) {",
            "    Defer.run(scope -> scope.defer(() -> {",
            "      // BUG: Diagnostic contains: nested inside a deferred action of `scope`",
            "      executor.execute(() -> log(scope.recover()));",
            "    }));",
            "  }",
            "  void nestedAnonymousClass(ExecutorService executor) {",
            "    Defer.run(scope -> scope.defer(() -> {",
            "      executor.execute(new Runnable() {",
            "        @Override",
            "        public void run() {",
            "          // BUG: Diagnostic contains: nested inside a deferred action",
            "          log(scope.recover());",
            "        }",
            "      });",
            "    }));",
            "  }",
            "}")
        .doTest();
  }

  /** In a lambda that is neither a body nor an action: when it runs, this code cannot know. */
  @Test
  void identificationRecoverCallsInLambdasThatRunAtAnUnknownTime() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Deferred;",
            "import io.github.deferlint.defer.Deferred1;",
            "import io.github.deferlint.defer.Scope;",
            "import java.util.concurrent.ExecutorService;",
            "class Negatives {",
            "  static void log(Object o) {}",
            "  void storedLambdaUnknown() {",
            "    Defer.run(scope -> {",
            "      Deferred action = () -> log(scope.recover());",
            "      scope.defer(action);",
            "    });",
            "  }",
            "  void lambdaInBodyUnknown(ExecutorService executor) {",
            "    Defer.run(scope -> executor.execute(() -> log(scope.recover())));",
            "  }",
            "  void handlerLambdaUnknown() {",
            "    Deferred1<Scope> handler = s -> log(s.recover());",
            "    Defer.run(scope -> scope.defer(handler, scope));",
            "  }",
            "}")
        .doTest();
  }

  /**
   * In a deferred action of another scope opened here, whose actions run while those of the scope
   * recovered on do not; unknown when the action's scope is not one opened here, or the action is
   * handed a scope it is not registered on.
   */
  @Test
  void identificationRecoverCallsInAnotherScopesAction() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Scope;",
            "class Negatives {",
            "  private Scope scopeField;",
            "  static void log(Object o) {}",
            "  void actionOnAScopeNotKnownHere() {",
            "    Defer.run(scope -> scopeField.defer(() -> log(scope.recover())));",
            "  }",
            "  void actionOnAHandedInScope(Scope caller) {",
            "    Defer.run(scope -> caller.defer(() -> log(scope.recover())));",
            "  }",
            "  void scopeHandedToAnotherScopesAction() {",
            "    Defer.run(outer -> Defer.run(in -> in.defer(s -> log(s.recover()), outer)));",
            "  }",
            "}")
        .addSourceLines(
            "Positives.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Deferred;",
            "class Positives {",
            "  static void log(Object o) {}",
            "  void otherScopesAction() {",
            "    Defer.run(outer -> {",
            "      Defer.run(inner -> {",
            "        // BUG: Diagnostic contains: `inner.recover()` stops the panic that unwinds",
            "        inner.defer(() -> log(outer.recover()));",
            "      });",
            "    });",
            "  }",
            "  void otherScopesAnonymousClassAction() {",
            "    Defer.run(outer -> Defer.run(inner -> inner.defer(new Deferred() {",
            "      @Override",
            "      public void run() {",
            "        // BUG: Diagnostic contains: runs in a deferred action of `inner`, while the"
                + " actions of `outer` are not running",
            "        log(outer.recover());",
            "      }",
            "    })));",
            "  }",
            "  void inABodyInsideTheOtherScopesAction() {",
            "    Defer.run(outer -> Defer.run(inner -> {",
            "      // BUG: Diagnostic contains: runs in a deferred action of `inner`, while the"
                + " actions of `outer` are not running",
            "      inner.defer(() -> Defer.run(body -> log(outer.recover())));",
            "    }));",
            "  }",
            "}")
        .doTest();
  }

  /**
   * In a private helper given the scope: fine when every call site is directly in an action of the
   * scope it passes; wrong when nothing calls it or some call site is not; unknown for any other
   * method, which may be called from anywhere.
   */
  @Test
  void identificationRecoverCallsInPrivateHelpers() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Scope;",
            "class Negatives {",
            "  static void log(Object o) {}",
            "  void handlerHelper() {",
            "    Defer.run(scope -> scope.defer(() -> handle(scope)));",
            "  }",
            "  void handlerReference() {",
            "    Defer.run(scope -> scope.defer(this::handle, scope));",
            "  }",
            "  private void handle(Scope scope) {",
            "    Throwable t = scope.recover();",
            "    if (t != null) { log(t); }",
            "  }",
            "  void staticHandlerReference() {",
            "    Defer.run(scope -> scope.defer(Negatives::handleStatic, scope));",
            "  }",
            "  private static void handleStatic(Scope scope) {",
            "    log(scope.recover());",
            "  }",
            "  void helperChain() {",
            "    Defer.run(scope -> scope.defer(() -> outerHelper(scope)));",
            "  }",
            "  private void outerHelper(Scope scope) {",
            "    innerHelper(scope);",
            "  }",
            "  private void innerHelper(Scope scope) {",
            "    log(scope.recover());",
            "  }",
            "  public void publicHelper(Scope scope) {",
            "    log(scope.recover());",
            "  }",
            "  void packagePrivateHelper(Scope scope) {",
            "    log(scope.recover());",
            "  }",
            "}")
        .addSourceLines(
            "Positives.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Scope;",
            "class Positives {",
            "  static void log(Object o) {}",
            "  private void unused(Scope scope) {",
            "    // Dead code (UnusedMethod's business): no one can tell where it runs.",
            "    log(scope.recover());",
            "  }",
            "  void bodyAsMethodReference() {",
            "    Defer.run(this::body);",
            "  }",
            "  private void body(Scope scope) {",
            "    // BUG: Diagnostic contains: as the body of a scope",
            "    log(scope.recover());",
            "  }",
            "}")
        // The message names the line of the call site, which each of these files shows.
        .addSourceLines(
            "HelperCalledFromBody.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Scope;",
            "class HelperCalledFromBody {",
            "  static void log(Object o) {}",
            "  void helperCalledFromBody() {",
            "    Defer.run(scope -> report(scope));",
            "  }",
            "  private void report(Scope scope) {",
            "    // BUG: Diagnostic contains: called on line 6 in the body of scope `scope`",
            "    log(scope.recover());",
            "  }",
            "}")
        .addSourceLines(
            "HelperCalledFromBodyAndAction.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Scope;",
            "class HelperCalledFromBodyAndAction {",
            "  static void log(Object o) {}",
            "  void helperCalledFromBodyAndAction() {",
            "    Defer.run(scope -> {",
            "      scope.defer(() -> handle(scope));",
            "      handle(scope);",
            "    });",
            "  }",
            "  private void handle(Scope scope) {",
            "    // BUG: Diagnostic contains: called on line 8 in the body of scope `scope`",
            "    log(scope.recover());",
            "  }",
            "}")
        .addSourceLines(
            "HelperChainFromBody.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Scope;",
            "class HelperChainFromBody {",
            "  static void log(Object o) {}",
            "  void helperChainFromBody() {",
            "    Defer.run(scope -> first(scope));",
            "  }",
            "  private void first(Scope scope) {",
            "    second(scope);",
            "  }",
            "  private void second(Scope scope) {",
            "    // BUG: Diagnostic contains: in private method `first`, called on line 6",
            "    log(scope.recover());",
            "  }",
            "}")
        .doTest();
  }

  /**
   * {@code recover} referenced as the deferred action itself: it returns null outside the actions
   * of the scope it recovers on, and in one of them it stops the panic and discards it.
   */
  @Test
  void identificationRecoverReferences() {
    helper
        .addSourceLines(
            "Negatives.java",
            "import io.github.deferlint.defer.Defer;",
            "import java.util.function.Supplier;",
            "class Negatives {",
            "  static void log(Object o) {}",
            "  void referenceThatIsNoAction() {",
            "    Defer.run(scope -> {",
            "      Supplier<Throwable> recovered = scope::recover;",
            "      log(recovered);",
            "    });",
            "  }",
            "}")
        .addSourceLines(
            "Positives.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Scope;",
            "class Positives {",
            "  private Scope scopeField;",
            "  void deferOtherScopesRecover() {",
            "    Defer.run(outer -> Defer.run(inner -> {",
            "      // BUG: Diagnostic contains: returns null and does nothing",
            "      inner.defer(outer::recover);",
            "    }));",
            "  }",
            "  void deferRecover() {",
            "    // BUG: Diagnostic contains: throws it away unseen",
            "    Defer.run(scope -> scope.defer(scope::recover));",
            "  }",
            "  void deferUnboundRecover() {",
            "    // BUG: Diagnostic contains: throws it away unseen",
            "    Defer.run(scope -> scope.defer(Scope::recover, scope));",
            "  }",
            "  void deferRecoverOfAScopeNotKnownHere() {",
            "    // BUG: Diagnostic contains: `scopeField::recover` as the deferred action stops the"
                + " panic and throws it away unseen",
            "    scopeField.defer(scopeField::recover);",
            "  }",
            "}")
        .doTest();
  }

  /**
   * Pattern matching in switch is Java 21 syntax, which javac before 21 rejects, so this part of
   * {@link #identificationRecoverCallsInTheScopesActions()} runs only on JDK 21 and later.
   */
  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void identificationPatternSwitch() {
    helper
        .addSourceLines(
            "PatternSwitchNegatives.java",
            "import io.github.deferlint.defer.Defer;",
            "class PatternSwitchNegatives {",
            "  void switches(Object o) {",
            "    Defer.run(scope -> scope.defer(() -> {",
            "      String r = switch (o) {",
            "        case String s -> String.valueOf(scope.recover());",
            "        default -> \"\";",
            "      };",
            "    }));",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void replacement() {
    BugCheckerRefactoringTestHelper.newInstance(RecoverOutsideDeferred.class, getClass())
        .addInputLines(
            "Retarget.java",
            "import io.github.deferlint.defer.Defer;",
            "class Retarget {",
            "  static void log(Object o) {}",
            "  void nested() {",
            "    Defer.run(outer -> {",
            "      Defer.run(inner -> {",
            "        inner.defer(() -> log(outer.recover()));",
            "        inner.defer(() -> {",
            "          Throwable t = outer.recover();",
            "          log(t);",
            "        });",
            "      });",
            "    });",
            "  }",
            "}")
        .addOutputLines(
            "Retarget.java",
            "import io.github.deferlint.defer.Defer;",
            "class Retarget {",
            "  static void log(Object o) {}",
            "  void nested() {",
            "    Defer.run(outer -> {",
            "      Defer.run(inner -> {",
            "        inner.defer(() -> log(inner.recover()));",
            "        inner.defer(() -> {",
            "          Throwable t = inner.recover();",
            "          log(t);",
            "        });",
            "      });",
            "    });",
            "  }",
            "}")
        .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
  }

  /** No fix where moving or rewriting the call would change what the code means. */
  @Test
  void noReplacementWhereItWouldChangeMeaning() {
    BugCheckerRefactoringTestHelper.newInstance(RecoverOutsideDeferred.class, getClass())
        .addInputLines(
            "Unchanged.java",
            "import io.github.deferlint.defer.Defer;",
            "class Unchanged {",
            "  static void log(Object o) {}",
            "  void f() {",
            "    Defer.run(scope -> {",
            "      log(scope.recover());",
            "      scope.defer(scope::recover);",
            "    });",
            "  }",
            "}")
        .expectUnchanged()
        .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
  }

  /**
   * No fix unless the call is directly in a lambda action, where no local or member can shadow the
   * name of the action's scope.
   */
  @Test
  void noReplacementUnlessDirectlyInALambdaAction() {
    BugCheckerRefactoringTestHelper.newInstance(RecoverOutsideDeferred.class, getClass())
        .addInputLines(
            "Unchanged.java",
            "import io.github.deferlint.defer.Defer;",
            "import io.github.deferlint.defer.Deferred;",
            "class Unchanged {",
            "  static void log(Object o) {}",
            "  void anonymousClassAction() {",
            "    Defer.run(outer -> Defer.run(inner -> inner.defer(new Deferred() {",
            "      @Override",
            "      public void run() {",
            "        log(outer.recover());",
            "      }",
            "    })));",
            "  }",
            "  void inABodyInsideTheAction() {",
            "    Defer.run(outer -> Defer.run(inner -> {",
            "      inner.defer(() -> Defer.run(body -> log(outer.recover())));",
            "    }));",
            "  }",
            "}")
        .expectUnchanged()
        .doTest(BugCheckerRefactoringTestHelper.TestMode.TEXT_MATCH);
  }

  /**
   * An ignored result is Error Prone's own finding, thanks to the API's @CheckReturnValue: also in
   * an expression lambda, Go's {@code defer func() { recover() }()}, which this check leaves alone.
   */
  @Test
  void ignoredResultIsErrorPronesCheckReturnValue() {
    CompilationTestHelper.newInstance(CheckReturnValue.class, getClass())
        .addSourceLines(
            "Ignored.java",
            "import io.github.deferlint.defer.Defer;",
            "class Ignored {",
            "  void statement() {",
            "    Defer.run(scope -> scope.defer(() -> {",
            "      // BUG: Diagnostic contains: The result of `recover()` must be used",
            "      scope.recover();",
            "    }));",
            "  }",
            "  void expressionLambda() {",
            "    // BUG: Diagnostic contains: The result of `recover()` must be used",
            "    Defer.run(scope -> scope.defer(() -> scope.recover()));",
            "  }",
            "}")
        .doTest();
  }
}
