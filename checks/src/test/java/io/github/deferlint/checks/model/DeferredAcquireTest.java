package io.github.deferlint.checks.model;

import com.google.errorprone.BugPattern;
import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodInvocationTree;
import io.github.deferlint.checks.util.Sources;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The locks a deferred action acquires: {@link DeferredAcquire} and {@link Locks}, on their own.
 */
final class DeferredAcquireTest {
  /**
   * Reports each registration's unreleased acquires as {@code lock:release}, with {@code signal}
   * for a semaphore with no permits and {@code after line N} when the statement before acquired the
   * same lock.
   */
  @BugPattern(summary = "deferred acquire probe", severity = BugPattern.SeverityLevel.WARNING)
  public static final class AcquireProbe extends BugChecker implements MethodInvocationTreeMatcher {
    private final DeferApi api;

    @Inject
    public AcquireProbe(ErrorProneFlags flags) {
      this.api = DeferApi.fromFlags(flags);
    }

    @Override
    public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
      return api.registration(call, state)
          .map(registration -> DeferredAcquire.of(registration, state.getPath(), state))
          .filter(acquires -> !acquires.isEmpty())
          .map(
              acquires ->
                  buildDescription(call)
                      .setMessage(
                          acquires.stream()
                              .map(
                                  acquire ->
                                      state.getSourceForNode(acquire.lock())
                                          + ":"
                                          + acquire.acquire().release()
                                          + (acquire.waitsForOthers(state) ? " signal" : "")
                                          + (acquire.releasedBefore(state.getPath(), state)
                                              ? " released before"
                                              : "")
                                          + acquire
                                              .acquiredJustBefore(state.getPath(), state)
                                              .map(
                                                  before ->
                                                      " after line "
                                                          + Sources.lineOf(before, state))
                                              .orElse(""))
                              .collect(Collectors.joining(", ", "[", "]")))
                      .build())
          .orElse(Description.NO_MATCH);
    }
  }

  @Test
  void acquires() {
    CompilationTestHelper.newInstance(AcquireProbe.class, getClass())
        .addSourceLines(
            "Acquires.java",
            "import io.github.deferlint.defer.Defer;",
            "import java.util.concurrent.Semaphore;",
            "import java.util.concurrent.locks.Lock;",
            "import java.util.concurrent.locks.ReadWriteLock;",
            "class Acquires {",
            "  static class Door { void lock() {} }",
            "  private final Semaphore signal = new Semaphore(0);",
            "  private final Semaphore pool = new Semaphore(4);",
            "  void f(Lock a, Lock b, ReadWriteLock rw, Semaphore s, Door door) throws Exception {",
            "    Defer.run(scope -> {",
            "      a.lock();",
            "      // BUG: Diagnostic contains: [a:unlock after line 11]",
            "      scope.defer(a::lock);",
            "      // BUG: Diagnostic contains: [a:unlock]",
            "      scope.defer(a::lockInterruptibly);",
            "      // BUG: Diagnostic contains: [rw.readLock():unlock]",
            "      scope.defer(() -> rw.readLock().lock());",
            "      // BUG: Diagnostic contains: [b:unlock]",
            "      scope.defer(Lock::lock, b);",
            "      // BUG: Diagnostic contains: [s:release]",
            "      scope.defer(s::acquire, 2);",
            "      // BUG: Diagnostic contains: [a:unlock]",
            "      scope.defer(() -> { b.unlock(); a.lock(); b.lock(); });",
            "      // BUG: Diagnostic contains: [signal:release signal]",
            "      scope.defer(() -> signal.acquire());",
            "      // BUG: Diagnostic contains: [pool:release]",
            "      scope.defer(pool::acquireUninterruptibly);",
            "      scope.defer(() -> { a.unlock(); a.lock(); });",
            "      scope.defer(a::unlock);",
            "      scope.defer(door::lock);",
            "      scope.defer(() -> a.tryLock());",
            "      scope.defer(() -> new Thread(() -> a.lock()).start());",
            "      b.unlock();",
            "      // BUG: Diagnostic contains: [b:unlock released before]",
            "      scope.defer(b::lock);",
            "    });",
            "  }",
            "}")
        .doTest();
  }
}
