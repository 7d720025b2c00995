package io.github.deferlint.defer;

/**
 * A deferred action with one argument evaluated at registration: Go's {@code defer f(a)}.
 *
 * @param <A> the argument type
 */
@FunctionalInterface
public interface Deferred1<A> {
  /**
   * Runs the action when its scope ends, with the argument as it was evaluated at registration, as
   * Go evaluates {@code a} in {@code defer f(a)} when the {@code defer} statement runs.
   */
  void accept(A a) throws Exception;
}
