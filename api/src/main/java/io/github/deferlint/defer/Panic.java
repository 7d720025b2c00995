package io.github.deferlint.defer;

import java.io.IOException;
import java.io.ObjectOutputStream;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What {@link Defer#panic} throws: Go's panic, carrying the value given to it. {@link
 * Scope#recover()} returns the {@code Panic}; {@link #value()} is the value, as Go's {@code
 * recover()} returns it. A Throwable value is also the cause, so stack traces show it.
 *
 * <p>The message, {@code "panic: "} and the value's {@code toString()}, is made when it is first
 * asked for, as Go prints a panic's value only when the panic ends the program. Creating the panic
 * never calls the value's code, so the panic carries the value whatever its {@code toString()}
 * does; a {@code toString()} that throws gives a message that names the value's class and what was
 * thrown instead.
 */
public final class Panic extends RuntimeException {
  private static final long serialVersionUID = 2L;

  // Transient: a panic value need not be Serializable; a deserialized Panic keeps its message.
  private final transient @Nullable Object value;

  private @Nullable String message;

  Panic(@Nullable Object value) {
    super(null, value instanceof Throwable ? (Throwable) value : null);
    this.value = value;
  }

  /** The value given to {@link Defer#panic}: what Go's {@code recover()} returns. */
  public @Nullable Object value() {
    return value;
  }

  @Override
  public String getMessage() {
    String known = message;
    if (known == null) {
      known = "panic: " + describe(value);
      message = known;
    }
    return known;
  }

  private static String describe(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    try {
      return value.toString();
    } catch (RuntimeException | Error failed) {
      return value.getClass().getName()
          + "@"
          + Integer.toHexString(System.identityHashCode(value))
          + " (its toString() threw "
          + failed.getClass().getName()
          + ")";
    }
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    // The value is not written (it need not be Serializable): the message is, made now if need be.
    message = getMessage();
    out.defaultWriteObject();
  }
}
