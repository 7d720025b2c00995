package io.github.deferlint.defer;

/**
 * The body of {@link Defer#call}: Go's function body with an unnamed result.
 *
 * @param <T> the result type
 * @param <X> the checked exception the body may throw
 */
@FunctionalInterface
public interface ScopeFunction<T, X extends Throwable> {
  /** Computes the result; deferred actions registered on {@code scope} run after it returns. */
  T apply(Scope scope) throws X;
}
