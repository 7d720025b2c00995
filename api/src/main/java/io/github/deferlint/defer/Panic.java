package io.github.deferlint.defer;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What {@link Defer#panic} throws: Go's panic, carrying the value given to it. {@link
 * Scope#recover()} returns the {@code Panic}; {@link #value()} is the value, as Go's {@code
 * recover()} returns it. A Throwable value is also the cause, so stack traces show it.
 */
public final class Panic extends RuntimeException {
  private static final long serialVersionUID = 1L;

  // Transient: a panic value need not be Serializable; a deserialized Panic keeps its message.
  private final transient @Nullable Object value;

  Panic(@Nullable Object value) {
    super("panic: " + value, value instanceof Throwable ? (Throwable) value : null);
    this.value = value;
  }

  /** The value given to {@link Defer#panic}: what Go's {@code recover()} returns. */
  public @Nullable Object value() {
    return value;
  }
}
