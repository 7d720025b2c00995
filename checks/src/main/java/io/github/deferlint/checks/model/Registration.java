package io.github.deferlint.checks.model;

import com.google.common.collect.ImmutableSet;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.tools.javac.code.Symbol;
import io.github.deferlint.checks.model.DeferApi.RegistrationKind;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.Variables;
import java.util.List;

/**
 * A call that registers on a scope: {@code scope.defer(action, values...)}, {@code
 * scope.closing(resource)}, {@code closer.register(resource)}.
 *
 * @param call the registering call
 * @param receiver the scope expression it is called on
 * @param kind what the registration does with its first argument
 */
public record Registration(
    MethodInvocationTree call, ExpressionTree receiver, RegistrationKind kind) {

  /** The action (for {@link RegistrationKind#DEFER}) or the resource: the first argument. */
  public ExpressionTree action() {
    return call.getArguments().get(0);
  }

  /**
   * The variables whose current value a {@link RegistrationKind#DEFER} registration takes now: the
   * locals and parameters its values read, and the variable a bound method reference's receiver is
   * held in ({@code in} for {@code defer(in::close)}, JLS 15.13.3).
   */
  public ImmutableSet<Symbol> capturedVariables() {
    if (kind != RegistrationKind.DEFER) {
      return ImmutableSet.of();
    }
    ImmutableSet.Builder<Symbol> captured = ImmutableSet.builder();
    values().forEach(value -> captured.addAll(Variables.localsReadNow(value)));
    Functions.boundReceiver(action()).map(Variables::rebindable).ifPresent(captured::add);
    return captured.build();
  }

  /**
   * Whether the registration takes the current value of {@code variable} into its keeping: as a
   * resource it closes, a value it passes to its action, or the receiver a method reference binds.
   */
  public boolean takes(Symbol variable) {
    return call.getArguments().stream()
        .anyMatch(argument -> Variables.readsNow(argument, variable));
  }

  /** The values passed on to the action, evaluated now: the arguments after the first. */
  public List<? extends ExpressionTree> values() {
    return call.getArguments().subList(1, call.getArguments().size());
  }
}
