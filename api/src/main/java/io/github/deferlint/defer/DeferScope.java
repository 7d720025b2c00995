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
 * {@link #ACCEPT_BOTH}), the function or resource, and its arguments. (A per-thread stack of
 * actions, which allocates nothing whether or not the body is inlined, was built and measured
 * slower in every benchmark: see docs/performance.md.)
 *
 * <p>The fast path is shaped by what HotSpot's C2 does with it, as measured by the benchmarks in
 * bench/ (see docs/performance.md):
 *
 * <ul>
 *   <li>No method that the JIT may leave out of line receives the scope: running an action, failure
 *       bookkeeping, refusals, overflow and error messages are static or live in {@link Overflow}.
 *       A call that receives the scope, even on a path that never runs, makes it escape, and then
 *       it is allocated.
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
 *
 * <p>A registration takes effect or runs what it was given, also when memory runs out: one that
 * cannot store its action (the scope ended, another thread, no memory for the overflow) runs it
 * before it throws. The JVM can throw StackOverflowError on entry into any method, so {@link #push}
 * calls nothing before it stores an inline slot (the owner check is the {@code
 * Thread.currentThread()} intrinsic), and {@link #unwind} takes what is thrown on entry into the
 * call of an action as that action's throwable and goes on with the older ones; docs/api.md says
 * what holds with the stack nearly full.
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
    if (action == null) {
      throw nullAction();
    }
    push(RUN, action, null, null);
  }

  @Override
  public <A> void defer(Deferred1<? super A> action, A arg) {
    if (action == null) {
      throw nullAction();
    }
    push(ACCEPT, action, arg, null);
  }

  @Override
  public <A, B> void defer(Deferred2<? super A, ? super B> action, A a, B b) {
    if (action == null) {
      throw nullAction();
    }
    push(ACCEPT_BOTH, action, a, b);
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
  @SuppressWarnings("ReferenceEquality") // The same thread, not an equal one.
  public @Nullable Throwable recover() {
    Throwable t = inFlight;
    if (!unwinding
        || t == null
        || t instanceof VirtualMachineError
        || owner != Thread.currentThread()) {
      return null;
    }
    inFlight = null;
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return t;
  }

  /**
   * Runs the deferred actions last-in-first-out, ends the scope, and returns what is in flight
   * after them: the body's {@code failure} unless an action recovered it, else the first action's
   * throwable; or null.
   *
   * <p>Each action is popped before it is called, so it is called at most once whatever it does,
   * and an action it registers runs next. A throwable from the call, even one thrown on entry into
   * {@link #call} or {@link Overflow#run} for want of stack, is that action's, as in a {@code
   * finally} block that calls a method, and the older actions still run. The loop stays under the
   * JIT's size limit for inlining a hot method (FreqInlineSize, 325 bytes of bytecode), so that it
   * is inlined into the caller of {@code Defer} and the scope need not be allocated: calling the
   * action and reading the overflow are static or on the overflow, never on the scope. Every slot's
   * action is called from the one site in {@link #call}: a copy per slot would give each slot a
   * type profile of its own, but the loop, compiled on its own with the copies inlined, outgrows
   * what its callers inline (see docs/performance.md).
   *
   * <p>NullAway is suppressed here: a slot below {@code size} always holds its action, and an index
   * past the inline slots means {@link #push} made the overflow. Checks to say so to NullAway would
   * add bytecode to a loop that must stay under the JIT's inlining limit.
   */
  @SuppressWarnings("NullAway")
  @Nullable Throwable unwind(@Nullable Throwable failure) {
    inFlight = failure;
    unwinding = true;
    try {
      while (size > 0) {
        int index = --size;
        Throwable thrown;
        try {
          if (index >= INLINE_SLOTS) {
            thrown = overflow.run(index - INLINE_SLOTS);
          } else {
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
            thrown = call(kind, fn, a, b);
          }
        } catch (Throwable noRoom) {
          thrown = noRoom; // On entry into the call: the action's own, and it did not run.
        }
        if (thrown != null) {
          Throwable current = inFlight;
          try {
            inFlight = withFailure(current, thrown);
          } catch (StackOverflowError noRoom) {
            // Not even room to enter withFailure: the same choice of what stays in flight, with
            // nothing attached.
            inFlight =
                current == null
                        || (thrown instanceof VirtualMachineError
                            && !(current instanceof VirtualMachineError))
                    ? thrown
                    : current;
          }
        }
      }
    } finally {
      unwinding = false;
      ended = true;
    }
    return inFlight;
  }

  @SuppressWarnings("ReferenceEquality") // The same thread, not an equal one.
  private void push(byte kind, Object fn, @Nullable Object a, @Nullable Object b) {
    if (ended || owner != Thread.currentThread()) {
      throw refused(ended, owner, kind, fn, a, b);
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
          more = Overflow.create(kind, fn, a, b);
          overflow = more;
        }
        Overflow.push(more, index - INLINE_SLOTS, kind, fn, a, b);
    }
    size = index + 1;
  }

  /**
   * A registration that cannot take effect (the scope ended, or belongs to another thread): runs
   * the action now, on the calling thread, and returns the exception to throw, with whatever the
   * action threw suppressed in it.
   */
  private static RuntimeException refused(
      boolean ended, Thread owner, byte kind, Object fn, @Nullable Object a, @Nullable Object b) {
    String instead =
        kind == CLOSE
            ? "the resource was closed at once instead"
            : "the action was run at once instead";
    RuntimeException refusal;
    try {
      refusal =
          new IllegalStateException(
              ended
                  ? "deferral on a scope that has ended: " + instead
                  : "deferral on a scope of thread "
                      + owner.getName()
                      + " from thread "
                      + Thread.currentThread().getName()
                      + ": a scope belongs to the thread that opened it; "
                      + instead);
    } catch (Error noRoom) {
      runNow(kind, fn, a, b, noRoom);
      throw noRoom;
    }
    runNow(kind, fn, a, b, refusal);
    return refusal;
  }

  /** Runs an action that could not be registered, keeping what it throws in {@code reason}. */
  @SuppressWarnings("ReferenceEquality") // The same throwable, not an equal one.
  private static void runNow(
      byte kind, Object fn, @Nullable Object a, @Nullable Object b, Throwable reason) {
    Throwable thrown = call(kind, fn, a, b);
    if (thrown != null && thrown != reason) {
      try {
        reason.addSuppressed(thrown);
      } catch (Throwable noRoom) {
        // Out of memory or stack for the suppressed list: the reason is still thrown.
      }
    }
  }

  /**
   * Calls one action and returns what it threw, or null. NullAway is suppressed: the arguments are
   * the user's, of the action's own type arguments, and null where the user's types allow it;
   * NullAway (outside its JSpecify mode) takes the unannotated {@code A} of {@link
   * Deferred1#accept} for non-null.
   */
  @SuppressWarnings({
    "unchecked",
    "NullAway"
  }) // unchecked: each kind comes with its function's type.
  private static @Nullable Throwable call(
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

  private static NullPointerException nullAction() {
    return new NullPointerException("defer(null): there is no action to run");
  }

  /**
   * Keeps every throwable: returns what is in flight once {@code t} was thrown. The first becomes
   * the one in flight and later ones are suppressed into it, except that a VirtualMachineError is
   * never hidden behind an ordinary exception. An interruption that ends up suppressed re-asserts
   * the interrupt flag: no catch block sees it. What stays in flight is chosen before anything is
   * called; if attaching the other one fails for lack of memory or stack, that one is lost, and
   * what is in flight is not.
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
    try {
      primary.addSuppressed(suppressed);
      if (suppressed instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    } catch (Throwable noRoom) {
      // Out of memory for the suppressed list, or of stack for the call: see above.
    }
    return primary;
  }

  /**
   * The actions beyond the inline slots, from the fifth on: their kinds, and their function and
   * arguments as triples in one array. It grows ahead of need: a registration that fills it past
   * {@link #growAt} has already stored its action when it tries to grow it, and a growth that fails
   * (no memory, no stack) is tried again by the next one; only a full overflow that cannot grow
   * refuses a registration, which then runs its action first.
   */
  private static final class Overflow {
    private static final int INITIAL_ACTIONS = 8;

    byte[] kinds = new byte[INITIAL_ACTIONS];
    @Nullable Object[] triples = new Object[3 * INITIAL_ACTIONS];
    int growAt = growthThreshold(INITIAL_ACTIONS);

    /** The first overflow of a scope, or, with no memory for it, the action run and refused. */
    static Overflow create(byte kind, Object fn, @Nullable Object a, @Nullable Object b) {
      try {
        return new Overflow();
      } catch (Error noRoom) {
        runNow(kind, fn, a, b, noRoom);
        throw noRoom;
      }
    }

    static void push(
        Overflow more, int at, byte kind, Object fn, @Nullable Object a, @Nullable Object b) {
      if (at == more.kinds.length) {
        try {
          more.grow();
        } catch (Error noRoom) {
          runNow(kind, fn, a, b, noRoom);
          throw noRoom;
        }
      }
      more.kinds[at] = kind;
      Object[] triples = more.triples;
      triples[3 * at] = fn;
      triples[3 * at + 1] = a;
      triples[3 * at + 2] = b;
      if (at >= more.growAt) {
        try {
          more.grow();
        } catch (Throwable noRoom) {
          // The action is registered; growing is tried again by the next registration.
        }
      }
    }

    private void grow() {
      int capacity = kinds.length;
      byte[] moreKinds = Arrays.copyOf(kinds, 2 * capacity);
      Object[] moreTriples = Arrays.copyOf(triples, 6 * capacity);
      kinds = moreKinds;
      triples = moreTriples;
      growAt = growthThreshold(2 * capacity);
    }

    /**
     * Takes action {@code at} off, letting go of it so that a long unwinding frees what already
     * ran, and calls it: what it threw, or null.
     */
    @Nullable Throwable run(int at) {
      Object[] slots = triples;
      Object fn = slots[3 * at];
      Object a = slots[3 * at + 1];
      Object b = slots[3 * at + 2];
      slots[3 * at] = null;
      slots[3 * at + 1] = null;
      slots[3 * at + 2] = null;
      return call(kinds[at], fn, a, b);
    }

    /** Grows when a quarter of the capacity is left, so several failed growths are fine. */
    private static int growthThreshold(int capacity) {
      return capacity - capacity / 4;
    }
  }
}
