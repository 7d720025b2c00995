package io.github.deferlint.defer;

/**
 * Go's named result ({@code func f() (r int)}) of a {@link Defer#named} body.
 *
 * <p>The value the body returns is stored here before the deferred actions run, so a deferred
 * action sees it with {@link #get()} and may replace it with {@link #set}; {@code Defer.named}
 * returns what this holds after all actions ran. Like a Go local, it is not synchronized: use it
 * from the scope's thread.
 *
 * @param <T> the result type
 */
public final class Result<T> {
  private T value;

  Result(T initial) {
    this.value = initial;
  }

  /** Reads the named result: Go's {@code r}. */
  public T get() {
    return value;
  }

  /** Writes the named result: Go's {@code r = value}. */
  public void set(T value) {
    this.value = value;
  }

  @Override
  public String toString() {
    return "Result[" + value + "]";
  }
}
