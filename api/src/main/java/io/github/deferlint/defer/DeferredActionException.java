package io.github.deferlint.defer;

/**
 * Carries a checked exception thrown by a deferred action out of a scope whose signature does not
 * declare it. The original exception is the {@linkplain #getCause() cause}; an exception the body
 * itself threw is never wrapped.
 */
public final class DeferredActionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DeferredActionException(Exception cause) {
    super("deferred action failed: " + cause, cause);
  }
}
