package io.github.deferlint.defer;

/**
 * The body of {@link Defer#run}: Go's function body, with nothing to return.
 *
 * @param <X> the checked exception the body may throw; it propagates from {@code Defer.run} with
 *     its own type
 */
@FunctionalInterface
public interface ScopeBody<X extends Throwable> {
  /** Runs the body; deferred actions registered on {@code scope} run when it ends. */
  void run(Scope scope) throws X;
}
