package io.github.deferlint.checks.model;

import com.sun.source.tree.ExpressionTree;
import java.util.List;
import java.util.Optional;

/**
 * An action registered inline: the lambda, method reference or anonymous class given to a
 * registration that defers it.
 *
 * @param action the lambda, method reference or class instance (the registration's first argument)
 * @param registration the registering call
 * @param scope the scope registered on, if it can be resolved
 */
public record DeferredAction(
    ExpressionTree action, Registration registration, Optional<ScopeRef> scope) {

  /**
   * The value that parameter {@code parameter} of the action receives: {@code scope} for parameter
   * 0 of {@code s.defer(this::handle, scope)}; empty when the action takes no such parameter.
   */
  public Optional<ExpressionTree> argumentFor(int parameter) {
    List<? extends ExpressionTree> values = registration.values();
    return parameter >= 0 && parameter < values.size()
        ? Optional.of(values.get(parameter))
        : Optional.empty();
  }
}
