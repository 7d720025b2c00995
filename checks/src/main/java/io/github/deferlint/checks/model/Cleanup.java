package io.github.deferlint.checks.model;

import com.sun.tools.javac.code.Type;

/**
 * A value that is a cleanup of its own, made to be registered: an action to run when the scope
 * ends, or a resource to close then. Go's {@code defer trace("f")()} registers such a value, which
 * {@code trace} returns when called now.
 *
 * @param kind what registering it does
 * @param type the value's type
 */
public record Cleanup(Kind kind, Type type) {

  /** What a cleanup is. */
  public enum Kind {
    /** An action to run: a {@code Deferred}, a {@code Runnable}, an action type of the API. */
    ACTION,
    /** A resource to close: an {@code AutoCloseable}, a resource type of the API. */
    RESOURCE
  }

  /** "the action it returns is never run", as the end of a sentence about the call. */
  public String neverRun() {
    return kind == Kind.ACTION
        ? "the action it returns is never run"
        : "the resource it returns is never closed";
  }

  /**
   * How a scope registers a cleanup: {@code method(value)}, or {@code method(value::run)} when the
   * value is a function of another type.
   *
   * @param method the scope method, in the API's words ({@code defer}, {@code closing}, {@code
   *     register})
   * @param reference empty, or the method reference that adapts the value ({@code ::run})
   */
  public record Registering(String method, String reference) {
    /** {@code scope.defer(trace("f"))}, or {@code defer(trace("f"))} on an implicit scope. */
    public String render(String scope, String value) {
      return (scope.isEmpty() ? "" : scope + ".") + method + "(" + value + reference + ")";
    }
  }
}
