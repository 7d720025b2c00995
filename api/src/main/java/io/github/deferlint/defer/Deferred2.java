package io.github.deferlint.defer;

/**
 * A deferred action with two arguments evaluated at registration: Go's {@code defer f(a, b)}.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 */
@FunctionalInterface
public interface Deferred2<A, B> {
  /**
   * Runs the action when its scope ends, with the arguments as they were evaluated at registration,
   * as Go evaluates {@code a} and {@code b} in {@code defer f(a, b)} when the {@code defer}
   * statement runs.
   */
  void accept(A a, B b) throws Exception;
}
