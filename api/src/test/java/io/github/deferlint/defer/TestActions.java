package io.github.deferlint.defer;

/** Deferred actions shared by the tests. */
final class TestActions {
  private TestActions() {}

  /** An action that throws {@code failure}, whatever its kind, as code from other languages may. */
  static Deferred throwing(Throwable failure) {
    return () -> {
      throw TestActions.<RuntimeException>sneakyThrow(failure);
    };
  }

  /** Throws {@code throwable} past the compiler's checks; declared to return for {@code throw}. */
  @SuppressWarnings("unchecked")
  static <X extends Throwable> RuntimeException sneakyThrow(Throwable throwable) throws X {
    throw (X) throwable;
  }
}
