package io.github.deferlint.defer;

/**
 * Carries a checked exception thrown by a deferred action out of a scope whose signature does not
 * declare it. The original (any Throwable that is neither a RuntimeException nor an Error) is the
 * {@linkplain #getCause() cause}; a throwable the body itself threw is never wrapped, and neither
 * is one suppressed into the throwable in flight.
 *
 * <p>Go has no checked exceptions, and Go's {@code defer f.Close()} drops the error Close returns.
 * Here that error is not dropped: with nothing else in flight it leaves the scope in this wrapper,
 * as a panic in a Go deferred call would; otherwise it is suppressed into what is in flight.
 */
public final class DeferredActionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DeferredActionException(Throwable cause) {
    super("deferred action failed: " + cause, cause);
  }
}
