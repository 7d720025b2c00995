package io.github.deferlint.defer;

/** A deferred action with no arguments: Go's {@code defer func() { ... }()}. */
@FunctionalInterface
public interface Deferred {
  /**
   * Runs the action when its scope ends: the body of Go's deferred {@code func() { ... }}, reading
   * the variables it captured as they are then.
   */
  void run() throws Exception;
}
