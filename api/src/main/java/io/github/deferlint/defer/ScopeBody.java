package io.github.deferlint.defer;

/**
 * The body of {@link Defer#run}: Go's function body, with nothing to return.
 *
 * @param <X> the checked exception the body may throw; it propagates from {@code Defer.run} with
 *     its own type
 */
@FunctionalInterface
public interface ScopeBody<X extends Throwable> {
  /**
   * Runs the body; the actions it registers on {@code scope} run when it ends, however it ends, as
   * Go runs a function's deferred calls when it returns or panics.
   */
  void run(Scope scope) throws X;
}
