package io.github.deferlint.checks.model;

import static com.google.errorprone.suppliers.Suppliers.typeFromString;
import static com.google.errorprone.util.ASTHelpers.constValue;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isSubtype;

import com.google.common.collect.ImmutableMap;
import com.google.errorprone.VisitorState;
import com.google.errorprone.suppliers.Supplier;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewClassTree;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The JDK's locks and what releases what they acquire: {@code java.util.concurrent.locks.Lock}
 * (which {@code ReentrantLock}, the read and write locks of a {@code ReadWriteLock} and a {@code
 * StampedLock}'s {@code asReadLock()} / {@code asWriteLock()} views all are) and {@code
 * java.util.concurrent.Semaphore}.
 */
public final class Locks {

  /** What a lock hands out, for messages. */
  public enum Kind {
    /** A {@code Lock}: held by one thread at a time. */
    LOCK,
    /** A {@code Semaphore}: a count of permits. */
    SEMAPHORE
  }

  /**
   * A method that acquires, and the one that releases what it acquired.
   *
   * @param kind what it acquires
   * @param release the name of the release, which takes the same arguments ({@code unlock()}, or
   *     {@code release(permits)} for {@code acquire(permits)})
   */
  public record Acquire(Kind kind, String release) {}

  private static final String LOCK = "java.util.concurrent.locks.Lock";
  private static final String SEMAPHORE = "java.util.concurrent.Semaphore";
  private static final Supplier<Type> SEMAPHORE_TYPE = typeFromString(SEMAPHORE);

  /** The acquiring methods of each type, by name, and their releases. */
  private static final ImmutableMap<String, ImmutableMap<String, String>> RELEASES =
      ImmutableMap.of(
          LOCK,
          ImmutableMap.of("lock", "unlock", "lockInterruptibly", "unlock"),
          SEMAPHORE,
          ImmutableMap.of("acquire", "release", "acquireUninterruptibly", "release"));

  private Locks() {}

  /**
   * The acquire that {@code symbol} (of a call or a method reference) is: {@code lock()} or {@code
   * lockInterruptibly()} of a {@code Lock}, {@code acquire} or {@code acquireUninterruptibly} of a
   * {@code Semaphore}, with or without a count of permits. {@code tryLock} and {@code tryAcquire}
   * are left out: they return whether they acquired, and a deferred one cannot act on the answer.
   */
  public static Optional<Acquire> acquireOf(Symbol symbol, VisitorState state) {
    String name = symbol == null ? null : symbol.getSimpleName().toString();
    return lockType(symbol, releases -> releases.containsKey(name), state)
        .map(
            type ->
                new Acquire(
                    type.equals(LOCK) ? Kind.LOCK : Kind.SEMAPHORE, RELEASES.get(type).get(name)));
  }

  /** Whether {@code symbol} releases a lock or semaphore: {@code unlock}, {@code release}. */
  public static boolean isRelease(Symbol symbol, VisitorState state) {
    String name = symbol == null ? null : symbol.getSimpleName().toString();
    return lockType(symbol, releases -> releases.containsValue(name), state).isPresent();
  }

  /**
   * The lock type of {@link #RELEASES} whose instance method {@code symbol} is, among those whose
   * acquires and releases {@code named} accepts: the name is tested first, since nearly every
   * method the checks ask about has another one, and the subtype test costs more.
   */
  private static Optional<String> lockType(
      Symbol symbol, Predicate<ImmutableMap<String, String>> named, VisitorState state) {
    if (!(symbol instanceof MethodSymbol method) || method.isStatic()) {
      return Optional.empty();
    }
    for (Map.Entry<String, ImmutableMap<String, String>> releases : RELEASES.entrySet()) {
      if (named.test(releases.getValue())) {
        Type lockType = state.getTypeFromString(releases.getKey());
        if (lockType != null
            && isSubtype(state.getTypes().erasure(method.owner.type), lockType, state)) {
          return Optional.of(releases.getKey());
        }
      }
    }
    return Optional.empty();
  }

  /** The acquire {@code call} makes, if it is one. */
  public static Optional<Acquire> acquireOf(ExpressionTree call, VisitorState state) {
    return acquireOf(getSymbol(call), state);
  }

  /**
   * Whether {@code initializer} creates a semaphore with no permits ({@code new Semaphore(0)}): one
   * that signals rather than guards, whose {@code acquire} waits for others to {@code release}, as
   * Go's {@code defer wg.Wait()} waits for a {@code WaitGroup}.
   */
  public static boolean createsSignal(ExpressionTree initializer, VisitorState state) {
    if (!(initializer instanceof NewClassTree creation) || creation.getArguments().isEmpty()) {
      return false;
    }
    Type semaphore = SEMAPHORE_TYPE.get(state);
    Symbol constructor = getSymbol(creation);
    return semaphore != null
        && constructor != null
        && isSubtype(state.getTypes().erasure(constructor.owner.type), semaphore, state)
        && constValue(creation.getArguments().get(0)) instanceof Integer permits
        && permits <= 0;
  }
}
