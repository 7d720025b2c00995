package io.github.deferlint.defer;

/**
 * The body of {@link Defer#call}: Go's function body with an unnamed result.
 *
 * @param <T> the result type
 * @param <X> the checked exception the body may throw
 */
@FunctionalInterface
public interface ScopeFunction<T, X extends Throwable> {
  /**
   * Computes the result; the actions registered on {@code scope} run after it returns or throws. As
   * with Go's unnamed result, the value is taken when the body returns: an action that changes what
   * the body's {@code return} read does not change it.
   */
  T apply(Scope scope) throws X;
}
