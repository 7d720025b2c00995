package io.github.deferlint.defer;

/**
 * A deferred action with two arguments evaluated at registration: Go's {@code defer f(a, b)}.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 */
@FunctionalInterface
public interface Deferred2<A, B> {
  /** Runs the action with the arguments captured when it was registered. */
  void accept(A a, B b) throws Exception;
}
