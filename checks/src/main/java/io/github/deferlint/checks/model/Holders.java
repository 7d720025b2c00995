package io.github.deferlint.checks.model;

import static com.google.errorprone.util.ASTHelpers.isStatic;
import static com.google.errorprone.util.ASTHelpers.isSubtype;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;

/** Mutable holders of the JDK: a value in a box that code can read and replace. */
public final class Holders {
  private static final ImmutableSet<String> HOLDER_TYPES =
      ImmutableSet.of(
          "java.util.concurrent.atomic.AtomicBoolean",
          "java.util.concurrent.atomic.AtomicInteger",
          "java.util.concurrent.atomic.AtomicLong",
          "java.util.concurrent.atomic.AtomicReference");

  private static final ImmutableSet<String> GETTERS =
      ImmutableSet.of(
          "get",
          "getPlain",
          "getOpaque",
          "getAcquire",
          "intValue",
          "longValue",
          "floatValue",
          "doubleValue");

  /**
   * The holder methods that always change its value. The compare-and-set family is left out: it
   * writes only when the current value is the expected one, a guard like {@code if (r.get() == x)}.
   */
  private static final ImmutableSet<String> SETTERS =
      ImmutableSet.of(
          "set",
          "lazySet",
          "setPlain",
          "setOpaque",
          "setRelease",
          "getAndSet",
          "getAndIncrement",
          "getAndDecrement",
          "getAndAdd",
          "incrementAndGet",
          "decrementAndGet",
          "addAndGet",
          "getAndUpdate",
          "updateAndGet",
          "getAndAccumulate",
          "accumulateAndGet");

  private Holders() {}

  /** Whether {@code method} reads a holder's value ({@code counter.get()}). */
  public static boolean isGetter(Symbol method, VisitorState state) {
    return isHolderMethod(method, GETTERS, state);
  }

  /** Whether {@code method} always changes a holder's value ({@code counter.set(v)}). */
  public static boolean isSetter(Symbol method, VisitorState state) {
    return isHolderMethod(method, SETTERS, state);
  }

  private static boolean isHolderMethod(
      Symbol symbol, ImmutableSet<String> names, VisitorState state) {
    if (!(symbol instanceof MethodSymbol method)
        || isStatic(method)
        || !names.contains(method.getSimpleName().toString())) {
      return false;
    }
    for (String holderType : HOLDER_TYPES) {
      Type type = state.getTypeFromString(holderType);
      if (type != null && isSubtype(method.owner.type, type, state)) {
        return true;
      }
    }
    return false;
  }
}
