package io.github.deferlint.defer;

/**
 * The body of {@link Defer#named}: Go's function body with a named result ({@code func f() (r
 * int)}).
 *
 * @param <T> the result type
 * @param <X> the checked exception the body may throw
 */
@FunctionalInterface
public interface NamedScopeFunction<T, X extends Throwable> {
  /**
   * Computes the result. The value returned is stored into {@code result} before the deferred
   * actions run, as Go's {@code return v} assigns {@code r = v}; the actions may then read or
   * change it, and {@link Defer#named} returns what it holds after them.
   */
  T apply(Scope scope, Result<T> result) throws X;
}
