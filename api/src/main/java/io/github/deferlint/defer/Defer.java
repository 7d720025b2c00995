package io.github.deferlint.defer;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Opens deferral scopes: Go's function frame for {@code defer}, {@code panic} and {@code recover}.
 *
 * <pre>{@code
 * Defer.run(scope -> {
 *   InputStream in = scope.closing(Files.newInputStream(path));   // f, _ := os.Open(p); defer f.Close()
 *   copy(in, out);
 * });
 * }</pre>
 *
 * <p>Each body gets a fresh {@link Scope}. When the body ends, normally or by a throwable, the
 * actions registered on the scope run last-in-first-out, each exactly once, and an action that
 * throws does not stop the ones after it. Nothing is lost: the body's throwable stays primary and
 * throwables from actions are added to it as {@linkplain Throwable#addSuppressed suppressed}; with
 * nothing in flight, the first throwable from an action becomes the one in flight. A checked
 * exception from an action is never thrown undeclared: it leaves wrapped in a {@link
 * DeferredActionException}. A throwable stopped by {@link Scope#recover()} ends the scope normally.
 */
public final class Defer {
  private Defer() {}

  /**
   * Runs {@code body} in a new scope, then its deferred actions: a Go function with no result.
   *
   * @throws X what the body threw, unless a deferred action recovered it
   * @throws DeferredActionException wrapping a checked exception of a deferred action that was in
   *     flight when the actions had run (with nothing else in flight, Go's panic in a deferred
   *     call)
   */
  public static <X extends Throwable> void run(ScopeBody<X> body) throws X {
    DeferScope scope = new DeferScope();
    Throwable failure = null;
    try {
      body.run(scope);
    } catch (Throwable t) {
      failure = t;
    }
    Throwable remaining = scope.unwind(failure);
    if (remaining != null) {
      Defer.<X>rethrow(remaining, failure);
    }
  }

  /**
   * Runs {@code body} in a new scope, then its deferred actions, and returns the body's value: a Go
   * function with an unnamed result. If a deferred action recovered a throwable of the body, the
   * body returned nothing and this returns null, as Go returns the zero value; if the body returned
   * and a deferred action's throwable was recovered, this returns the body's value, as Go does.
   *
   * @throws X what the body threw, unless a deferred action recovered it
   * @throws DeferredActionException wrapping a checked exception of a deferred action that was in
   *     flight when the actions had run
   */
  public static <T, X extends Throwable> @Nullable T call(ScopeFunction<T, X> body) throws X {
    DeferScope scope = new DeferScope();
    T value = null;
    Throwable failure = null;
    try {
      value = body.apply(scope);
    } catch (Throwable t) {
      failure = t;
    }
    Throwable remaining = scope.unwind(failure);
    if (remaining != null) {
      Defer.<X>rethrow(remaining, failure);
    }
    return failure == null ? value : null;
  }

  /**
   * Runs {@code body} with a named result that starts as {@code initial}: Go's {@code func f() (r
   * T)}. The value the body returns is stored into the result <em>before</em> the deferred actions
   * run, so they can read and change it; this returns the result's value after they ran, also after
   * a recovery (Go's recover-to-error idiom).
   *
   * @throws X what the body threw, unless a deferred action recovered it
   * @throws DeferredActionException wrapping a checked exception of a deferred action that was in
   *     flight when the actions had run
   */
  public static <T, X extends Throwable> T named(T initial, NamedScopeFunction<T, X> body)
      throws X {
    Result<T> result = new Result<>(initial);
    DeferScope scope = new DeferScope();
    Throwable failure = null;
    try {
      result.set(body.apply(scope, result));
    } catch (Throwable t) {
      failure = t;
    }
    Throwable remaining = scope.unwind(failure);
    if (remaining != null) {
      Defer.<X>rethrow(remaining, failure);
    }
    return result.get();
  }

  /**
   * Go's {@code panic(value)}: always throws a {@link Panic} carrying {@code value}. Declared to
   * return it so that {@code throw Defer.panic(v);} tells the compiler the code after it is
   * unreachable. A null value is allowed; {@code recover()} still returns the (non-null) Panic.
   *
   * @throws Panic always
   */
  public static Panic panic(@Nullable Object value) {
    throw new Panic(value);
  }

  /**
   * Throws what leaves a scope once its actions ran with {@code remaining} in flight: the body's
   * own throwable as it is, an unchecked one from an action as it is, and a checked one from an
   * action wrapped, since the body's signature does not declare it.
   */
  // unchecked: the body's own throwable is one its signature allows. ReferenceEquality: whether
  // `remaining` is the body's own throwable is a question of identity.
  @SuppressWarnings({"unchecked", "ReferenceEquality"})
  private static <X extends Throwable> void rethrow(
      Throwable remaining, @Nullable Throwable failure) throws X {
    if (remaining == failure
        || remaining instanceof RuntimeException
        || remaining instanceof Error) {
      throw (X) remaining;
    }
    if (remaining instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    throw new DeferredActionException(remaining);
  }
}
