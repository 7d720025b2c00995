package io.github.deferlint.checks.model;

import static com.google.errorprone.suppliers.Suppliers.typeFromString;
import static com.google.errorprone.util.ASTHelpers.constValue;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isSubtype;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import com.google.errorprone.VisitorState;
import com.google.errorprone.suppliers.Supplier;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.NewClassTree;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.util.Sources;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.lang.model.type.TypeKind;
import org.checkerframework.checker.nullness.qual.Nullable;

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
        .filter(type -> takesWhatTheJdksDo((MethodSymbol) symbol, type))
        .map(
            type ->
                new Acquire(type.equals(LOCK) ? Kind.LOCK : Kind.SEMAPHORE, release(type, name)));
  }

  /** The release of acquire {@code name} of {@code lockType}, as {@link #lockType} found it. */
  private static String release(String lockType, @Nullable String name) {
    // lockType answers only a type of RELEASES whose map has the name.
    return requireNonNull(requireNonNull(RELEASES.get(lockType)).get(name));
  }

  /** Whether {@code symbol} releases a lock or semaphore: {@code unlock}, {@code release}. */
  public static boolean isRelease(Symbol symbol, VisitorState state) {
    String name = symbol == null ? null : symbol.getSimpleName().toString();
    return lockType(symbol, releases -> releases.containsValue(name), state)
        .filter(type -> takesWhatTheJdksDo((MethodSymbol) symbol, type))
        .isPresent();
  }

  /**
   * Whether {@code method} has the parameters of the JDK's acquires and releases: none, or for a
   * semaphore a count of permits. A subclass's {@code lock(long timeout)} or {@code acquire(String
   * who)} is a method of its own, with no release of the same arguments.
   */
  private static boolean takesWhatTheJdksDo(MethodSymbol method, String lockType) {
    List<VarSymbol> parameters = method.getParameters();
    return parameters.isEmpty()
        || (lockType.equals(SEMAPHORE)
            && parameters.size() == 1
            && parameters.get(0).type.getKind() == TypeKind.INT);
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
   * Whether an acquire of {@code permits} (null for one) waits for others rather than guards, on
   * the semaphore that {@code initializer} creates: one created with no permits ({@code new
   * Semaphore(0)}), whose {@code acquire} waits for others to {@code release}, as Go's {@code defer
   * wg.Wait()} waits for a {@code WaitGroup}; or an acquire of every permit the semaphore was
   * created with ({@code new Semaphore(MAX)}, then {@code acquire(MAX)}), which waits until all
   * that were taken are given back: the drain at the end of bounded concurrent work.
   */
  public static boolean waitsForOthers(
      ExpressionTree initializer, @Nullable ExpressionTree permits, VisitorState state) {
    if (!(initializer instanceof NewClassTree creation) || creation.getArguments().isEmpty()) {
      return false;
    }
    Type semaphore = SEMAPHORE_TYPE.get(state);
    Symbol constructor = getSymbol(creation);
    if (semaphore == null
        || constructor == null
        || !isSubtype(state.getTypes().erasure(constructor.owner.type), semaphore, state)) {
      return false;
    }
    ExpressionTree created = creation.getArguments().get(0);
    if (constValue(created) instanceof Integer initial && initial <= 0) {
      return true;
    }
    return permits != null
        && (sameConstant(constValue(created), constValue(permits))
            || Sources.sameSource(created, permits, state));
  }

  private static boolean sameConstant(@Nullable Object a, @Nullable Object b) {
    return a instanceof Integer && a.equals(b);
  }
}
