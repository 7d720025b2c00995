package io.github.deferlint.defer;

/** A deferred action with no arguments: Go's {@code defer func() { ... }()}. */
@FunctionalInterface
public interface Deferred {
  /** Runs the action when its scope ends. */
  void run() throws Exception;
}
