package io.github.deferlint.defer;

import java.util.Arrays;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The one {@link Scope} implementation: a stack of deferred actions owned by one thread.
 *
 * <p>The first {@value #INLINE_SLOTS} actions live in fields, so a scope with a handful of actions
 * allocates nothing but itself, and the JIT can scalar-replace the scope (allocate it nowhere) when
 * {@link Defer} and the body are inlined into their caller; further actions go to an {@link
 * Overflow}. Each slot is an action: how to call it ({@link #RUN}, {@link #CLOSE}, {@link #ACCEPT},
 * {@link #ACCEPT_BOTH}), the function or resource, and its arguments.
 *
 * <p>The fast path is shaped by what HotSpot's C2 does with it, as measured by the benchmarks in
 * bench/ (see docs/performance.md):
 *
 * <ul>
 *   <li>No method that the JIT may leave out of line receives the scope: running an action, failure
 *       bookkeeping, rethrowing, overflow and error messages are static or live in {@link
 *       Overflow}. A call that receives the scope, even on a path that never runs, makes it escape,
 *       and then it is allocated.
 *   <li>{@link #push} stores only what the action needs. Every stored reference costs a garbage
 *       collector write barrier (with G1, some 200 bytes of machine code), each inlined push is
 *       compiled with every slot case the profile has seen, and the JIT inlines a body it already
 *       compiled on its own only while that code is small ({@code -XX:InlineSmallCode}): the
 *       smaller push, the more actions a body can register and still be inlined.
 *   <li>Inline slots are not cleared after their action ran. The scope is garbage as soon as its
 *       {@code Defer} call returns, and clearing would make the JIT merge each slot's value with
 *       null, which keeps it from scalar-replacing an argument allocated by the caller (such as
 *       {@code Defer.named}'s {@link Result}: 16 bytes per call). The overflow, which can hold
 *       thousands of actions, is cleared as it unwinds.
 * </ul>
 */
final class DeferScope implements Scope {
  private static final int INLINE_SLOTS = 4;

  // How a slot's function is called. The kinds from ACCEPT on take arguments; push leaves the
  // argument fields of the others alone, and since it is inlined with a constant kind, those
  // stores are not even compiled. A stale argument left there is never passed to anything.
  /** {@link Deferred#run()}. */
  private static final byte RUN = 0;

  /** {@link AutoCloseable#close()} of a resource registered by {@link #closing}. */
  private static final byte CLOSE = 1;

  /** {@link Deferred1#accept}{@code (a)}. */
  private static final byte ACCEPT = 2;

  /** {@link Deferred2#accept}{@code (a, b)}. */
  private static final byte ACCEPT_BOTH = 3;

  private final Thread owner = Thread.currentThread();
  private boolean ended;

  /** True while the actions run: the only time {@link #recover()} can stop a throwable. */
  private boolean unwinding;

  private @Nullable Throwable inFlight;
  private int size;

  private byte k0, k1, k2, k3;
  private @Nullable Object f0, a0, b0, f1, a1, b1, f2, a2, b2, f3, a3, b3;
  private @Nullable Overflow overflow;

  @Override
  public void defer(Deferred action) {
    push(RUN, requireAction(action), null, null);
  }

  @Override
  public <A> void defer(Deferred1<? super A> action, A arg) {
    push(ACCEPT, requireAction(action), arg, null);
  }

  @Override
  public <A, B> void defer(Deferred2<? super A, ? super B> action, A a, B b) {
    push(ACCEPT_BOTH, requireAction(action), a, b);
  }

  @Override
  public <C extends AutoCloseable> C closing(C resource) {
    if (resource == null) {
      throw new NullPointerException("closing(null): there is no resource to close");
    }
    push(CLOSE, resource, null, null);
    return resource;
  }

  @Override
  public @Nullable Throwable recover() {
    Throwable t = inFlight;
    if (!unwinding || t == null || t instanceof VirtualMachineError || !onOwnerThread()) {
      return null;
    }
    inFlight = null;
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return t;
  }

  /**
   * Runs the deferred actions last-in-first-out, ends the scope, and throws what is still in
   * flight: the body's {@code failure} unless an action recovered it, else the first action's
   * throwable.
   *
   * <p>Each action is popped before it runs, so it runs exactly once whatever it does, and an
   * action it registers runs next. The loop reads the slots itself and hands the action to a static
   * method: the scope stays in code the JIT inlines into the caller of {@code Defer}.
   */
  <X extends Throwable> void complete(@Nullable Throwable failure) throws X {
    inFlight = failure;
    unwinding = true;
    try {
      while (size > 0) {
        int index = --size;
        Throwable thrown;
        if (index >= INLINE_SLOTS) {
          thrown = overflow.run(index - INLINE_SLOTS);
        } else {
          // One call site for the four slots: the JIT inlines run() once, not four times.
          byte kind;
          Object fn, a, b;
          switch (index) {
            case 0:
              kind = k0;
              fn = f0;
              a = a0;
              b = b0;
              break;
            case 1:
              kind = k1;
              fn = f1;
              a = a1;
              b = b1;
              break;
            case 2:
              kind = k2;
              fn = f2;
              a = a2;
              b = b2;
              break;
            default:
              kind = k3;
              fn = f3;
              a = a3;
              b = b3;
          }
          thrown = run(kind, fn, a, b);
        }
        if (thrown != null) {
          inFlight = withFailure(inFlight, thrown);
        }
      }
    } finally {
      unwinding = false;
      ended = true;
    }
    Throwable remaining = inFlight;
    if (remaining != null) {
      DeferScope.<X>rethrow(remaining, failure);
    }
  }

  /**
   * Throws what is in flight after the actions ran: the body's own throwable as it is, an unchecked
   * one from an action as it is, and a checked one from an action wrapped, since the body's
   * signature does not declare it. Kept out of {@link #complete} so that the loop the JIT inlines
   * into every caller stays small.
   */
  // unchecked: the body's own throwable is one its signature allows. ReferenceEquality: whether
  // `remaining` is the body's own throwable is a question of identity.
  @SuppressWarnings({"unchecked", "ReferenceEquality"})
  private static <X extends Throwable> void rethrow(
      Throwable remaining, @Nullable Throwable failure) throws X {
    if (remaining == failure
        || remaining instanceof RuntimeException
        || remaining instanceof Error) {
      throw (X) remaining;
    }
    if (remaining instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    throw new DeferredActionException(remaining);
  }

  /** Runs one action and returns what it threw, or null. */
  @SuppressWarnings("unchecked") // Each slot was filled by the registration of its own kind.
  private static @Nullable Throwable run(
      byte kind, Object fn, @Nullable Object a, @Nullable Object b) {
    try {
      switch (kind) {
        case RUN:
          ((Deferred) fn).run();
          break;
        case ACCEPT:
          ((Deferred1<Object>) fn).accept(a);
          break;
        case ACCEPT_BOTH:
          ((Deferred2<Object, Object>) fn).accept(a, b);
          break;
        default:
          ((AutoCloseable) fn).close();
      }
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  private static Object requireAction(@Nullable Object action) {
    if (action == null) {
      throw new NullPointerException("defer(null): there is no action to run");
    }
    return action;
  }

  @SuppressWarnings("ReferenceEquality") // The same thread, not an equal one.
  private boolean onOwnerThread() {
    return Thread.currentThread() == owner;
  }

  private void push(byte kind, Object fn, @Nullable Object a, @Nullable Object b) {
    if (!onOwnerThread()) {
      throw wrongThread(owner);
    }
    if (ended) {
      throw new IllegalStateException(
          "deferral on a scope that has ended: the action would never run");
    }
    int index = size;
    switch (index) {
      case 0:
        k0 = kind;
        f0 = fn;
        if (kind >= ACCEPT) {
          a0 = a;
          b0 = b;
        }
        break;
      case 1:
        k1 = kind;
        f1 = fn;
        if (kind >= ACCEPT) {
          a1 = a;
          b1 = b;
        }
        break;
      case 2:
        k2 = kind;
        f2 = fn;
        if (kind >= ACCEPT) {
          a2 = a;
          b2 = b;
        }
        break;
      case 3:
        k3 = kind;
        f3 = fn;
        if (kind >= ACCEPT) {
          a3 = a;
          b3 = b;
        }
        break;
      default:
        Overflow more = overflow;
        if (more == null) {
          more = overflow = new Overflow();
        }
        more.push(index - INLINE_SLOTS, kind, fn, a, b);
    }
    size = index + 1;
  }

  private static IllegalStateException wrongThread(Thread owner) {
    return new IllegalStateException(
        "deferral on a scope of thread "
            + owner.getName()
            + " from thread "
            + Thread.currentThread().getName()
            + ": a scope belongs to the thread that opened it");
  }

  /**
   * Keeps every throwable: returns what is in flight once {@code t} was thrown. The first becomes
   * the one in flight and later ones are suppressed into it, except that a VirtualMachineError is
   * never hidden behind an ordinary exception. An interruption that ends up suppressed re-asserts
   * the interrupt flag: no catch block sees it.
   */
  @SuppressWarnings("ReferenceEquality") // The same throwable thrown again, not an equal one.
  private static Throwable withFailure(@Nullable Throwable current, Throwable t) {
    if (current == null) {
      return t;
    }
    if (t == current) {
      return current;
    }
    Throwable primary = current;
    Throwable suppressed = t;
    if (t instanceof VirtualMachineError && !(current instanceof VirtualMachineError)) {
      primary = t;
      suppressed = current;
    }
    primary.addSuppressed(suppressed);
    if (suppressed instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return primary;
  }

  /**
   * The actions beyond the inline slots, from the fifth on: their kinds, and their function and
   * arguments as triples in one array.
   */
  private static final class Overflow {
    private static final int INITIAL_ACTIONS = 8;

    byte[] kinds = new byte[INITIAL_ACTIONS];
    @Nullable Object[] triples = new Object[3 * INITIAL_ACTIONS];

    void push(int at, byte kind, Object fn, @Nullable Object a, @Nullable Object b) {
      if (at == kinds.length) {
        kinds = Arrays.copyOf(kinds, 2 * at);
        triples = Arrays.copyOf(triples, 6 * at);
      }
      kinds[at] = kind;
      triples[3 * at] = fn;
      triples[3 * at + 1] = a;
      triples[3 * at + 2] = b;
    }

    /**
     * Runs the action at {@code at}, which the caller has just popped, and returns what it threw.
     * Its slot is cleared first, so that a long unwinding lets go of what already ran.
     */
    @Nullable Throwable run(int at) {
      int first = 3 * at;
      Object fn = triples[first];
      Object a = triples[first + 1];
      Object b = triples[first + 2];
      Arrays.fill(triples, first, first + 3, null);
      return DeferScope.run(kinds[at], fn, a, b);
    }
  }
}
