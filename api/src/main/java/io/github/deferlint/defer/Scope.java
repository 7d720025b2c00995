package io.github.deferlint.defer;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import com.google.errorprone.annotations.CheckReturnValue;
import org.checkerframework.checker.mustcall.qual.MustCallUnknown;
import org.checkerframework.checker.mustcall.qual.NotOwning;
import org.checkerframework.checker.mustcall.qual.Owning;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The deferred actions of one running {@link Defer#run}, {@link Defer#call} or {@link Defer#named}
 * body: Go's function frame as far as {@code defer} and {@code recover} are concerned.
 *
 * <p>A scope belongs to the thread that opened it and lives as long as its body and its deferred
 * actions: registering from another thread, or after the scope ended, throws {@link
 * IllegalStateException}, so a registration is never silently dropped. A deferred action may
 * register further actions on its own scope; they run next, before the older ones.
 *
 * <p>A registration either takes effect, or it throws having run its action (closed its resource)
 * first, on the calling thread, with whatever that threw suppressed in what the registration
 * throws: {@code scope.closing(in)} never leaves {@code in} open. The one exception is a
 * StackOverflowError that the JVM throws as the registration method is entered, before it runs;
 * docs/api.md says exactly what holds when stack or memory run out.
 */
public interface Scope {

  /**
   * Registers {@code action} to run when the scope ends: Go's {@code defer func() { ... }()}. The
   * action reads its captured variables when it runs, not now.
   *
   * @throws NullPointerException if {@code action} is null
   * @throws IllegalStateException if the scope has ended or belongs to another thread, having run
   *     the action
   */
  void defer(Deferred action);

  /**
   * Registers {@code action(arg)} to run when the scope ends: Go's {@code defer f(arg)}. The
   * argument is evaluated now, at registration; later changes to the variables it was computed from
   * are not seen.
   *
   * @throws NullPointerException if {@code action} is null ({@code arg} may be null)
   * @throws IllegalStateException if the scope has ended or belongs to another thread, having run
   *     the action
   */
  <A> void defer(Deferred1<? super A> action, A arg);

  /**
   * Registers {@code action(a, b)} to run when the scope ends: Go's {@code defer f(a, b)}. Both
   * arguments are evaluated now, at registration.
   *
   * @throws NullPointerException if {@code action} is null (the arguments may be null)
   * @throws IllegalStateException if the scope has ended or belongs to another thread, having run
   *     the action
   */
  <A, B> void defer(Deferred2<? super A, ? super B> action, A a, B b);

  /**
   * Registers {@code resource.close()} to run when the scope ends and returns {@code resource}:
   * Go's {@code f := open(); defer f.Close()} in one expression.
   *
   * <p>The scope owns the resource from here on ({@code @Owning}), and the caller does not own what
   * is returned ({@code @NotOwning}); any resource is accepted, whatever else it must call
   * ({@code @MustCallUnknown}): resource-leak checkers such as the Checker Framework's see that the
   * resource is closed. The result may be ignored ({@code scope.closing(in);}).
   *
   * @throws NullPointerException if {@code resource} is null
   * @throws IllegalStateException if the scope has ended or belongs to another thread, having
   *     closed the resource
   */
  @CanIgnoreReturnValue
  @NotOwning
  <C extends @MustCallUnknown AutoCloseable> C closing(@Owning C resource);

  /**
   * Go's {@code recover()}: returns the throwable in flight and stops it, when called by a deferred
   * action of this scope that runs because of that throwable, on the scope's thread. Everywhere
   * else (in the body, on another thread, when nothing is in flight, after another action already
   * recovered, after the scope ended) it returns null and changes nothing. Unlike Go, which
   * requires the deferred function to call {@code recover()} directly, it also works in methods a
   * running action calls; the RecoverOutsideDeferred check flags such calls.
   *
   * <p>For {@link Defer#panic} the throwable is the {@link Panic}, whose {@link Panic#value()} is
   * the value given to {@code panic}. A {@link VirtualMachineError} is never recovered, as Go's
   * fatal errors are not: {@code recover()} returns null and the error keeps propagating.
   * Recovering an {@link InterruptedException} re-asserts the thread's interrupt flag, so the
   * interruption is not lost.
   */
  @CheckReturnValue
  @Nullable Throwable recover();
}
