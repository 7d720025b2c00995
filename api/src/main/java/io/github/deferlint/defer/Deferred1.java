package io.github.deferlint.defer;

/**
 * A deferred action with one argument evaluated at registration: Go's {@code defer f(a)}.
 *
 * @param <A> the argument type
 */
@FunctionalInterface
public interface Deferred1<A> {
  /** Runs the action with the argument captured when it was registered. */
  void accept(A a) throws Exception;
}
