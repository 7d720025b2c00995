package io.github.deferlint.defer;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The one {@link Scope} implementation: a stack of deferred actions owned by one thread.
 *
 * <p>The first {@value #INLINE_SLOTS} actions live in fields, so a scope with a handful of actions
 * allocates nothing but itself, and the JIT can scalar-replace it when the body is inlined; only
 * further actions grow an array. Each action is a triple (function, first argument, second
 * argument), with absent arguments marked by {@link #NONE} and a resource by {@link #CLOSE}.
 */
final class DeferScope implements Scope {
  private static final int INLINE_SLOTS = 4;
  private static final Object NONE = new Object();
  private static final Object CLOSE = new Object();

  private final Thread owner = Thread.currentThread();
  private boolean ended;
  /** True while the actions run: the only time {@link #recover()} can stop a throwable. */
  private boolean unwinding;
  private @Nullable Throwable inFlight;
  private int size;

  private @Nullable Object f0, a0, b0, f1, a1, b1, f2, a2, b2, f3, a3, b3;
  private Object @Nullable [] overflow;

  @Override
  public void defer(Deferred action) {
    push(requireAction(action), NONE, NONE);
  }

  @Override
  public <A> void defer(Deferred1<? super A> action, A arg) {
    push(requireAction(action), arg, NONE);
  }

  @Override
  public <A, B> void defer(Deferred2<? super A, ? super B> action, A a, B b) {
    push(requireAction(action), a, b);
  }

  @Override
  public <C extends AutoCloseable> C closing(C resource) {
    if (resource == null) {
      throw new NullPointerException("closing(null): there is no resource to close");
    }
    push(resource, CLOSE, NONE);
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
   * Runs the deferred actions last-in-first-out, ends the scope, and throws what is still in flight:
   * the body's {@code failure} unless an action recovered it, else the first action's throwable.
   */
  @SuppressWarnings("unchecked") // The body's own throwable is one its signature allows.
  <X extends Throwable> void complete(@Nullable Throwable failure) throws X {
    inFlight = failure;
    unwinding = true;
    try {
      while (size > 0) {
        runTop();
      }
    } finally {
      unwinding = false;
      ended = true;
    }
    Throwable remaining = inFlight;
    if (remaining == null) {
      return;
    }
    if (remaining == failure || remaining instanceof RuntimeException || remaining instanceof Error) {
      throw (X) remaining;
    }
    if (remaining instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    throw new DeferredActionException(remaining);
  }

  private static Object requireAction(@Nullable Object action) {
    if (action == null) {
      throw new NullPointerException("defer(null): there is no action to run");
    }
    return action;
  }

  private boolean onOwnerThread() {
    return Thread.currentThread() == owner;
  }

  private void push(Object fn, @Nullable Object a, @Nullable Object b) {
    if (!onOwnerThread()) {
      throw new IllegalStateException(
          "deferral on a scope of thread " + owner.getName() + " from thread "
              + Thread.currentThread().getName() + ": a scope belongs to the thread that opened it");
    }
    if (ended) {
      throw new IllegalStateException(
          "deferral on a scope that has ended: the action would never run");
    }
    int index = size;
    switch (index) {
      case 0: f0 = fn; a0 = a; b0 = b; break;
      case 1: f1 = fn; a1 = a; b1 = b; break;
      case 2: f2 = fn; a2 = a; b2 = b; break;
      case 3: f3 = fn; a3 = a; b3 = b; break;
      default: pushOverflow(3 * (index - INLINE_SLOTS), fn, a, b);
    }
    size = index + 1;
  }

  private void pushOverflow(int at, Object fn, @Nullable Object a, @Nullable Object b) {
    Object[] slots = overflow;
    if (slots == null) {
      slots = overflow = new Object[3 * 8];
    } else if (at == slots.length) {
      slots = overflow = java.util.Arrays.copyOf(slots, 2 * slots.length);
    }
    slots[at] = fn;
    slots[at + 1] = a;
    slots[at + 2] = b;
  }

  /** Pops the newest action (so it runs exactly once, whatever it does) and runs it. */
  private void runTop() {
    int index = --size;
    Object fn, a, b;
    switch (index) {
      case 0: fn = f0; a = a0; b = b0; f0 = a0 = b0 = null; break;
      case 1: fn = f1; a = a1; b = b1; f1 = a1 = b1 = null; break;
      case 2: fn = f2; a = a2; b = b2; f2 = a2 = b2 = null; break;
      case 3: fn = f3; a = a3; b = b3; f3 = a3 = b3 = null; break;
      default:
        Object[] slots = overflow;
        int at = 3 * (index - INLINE_SLOTS);
        fn = slots[at]; a = slots[at + 1]; b = slots[at + 2];
        slots[at] = slots[at + 1] = slots[at + 2] = null;
    }
    try {
      invoke(fn, a, b);
    } catch (Throwable t) {
      addFailure(t);
    }
  }

  @SuppressWarnings("unchecked") // Each triple was pushed by the registration of its own type.
  private static void invoke(Object fn, @Nullable Object a, @Nullable Object b) throws Exception {
    if (b != NONE) {
      ((Deferred2<Object, Object>) fn).accept(a, b);
    } else if (a == NONE) {
      ((Deferred) fn).run();
    } else if (a == CLOSE) {
      ((AutoCloseable) fn).close();
    } else {
      ((Deferred1<Object>) fn).accept(a);
    }
  }

  /**
   * Keeps every throwable: the first becomes the one in flight and later ones are suppressed into
   * it, except that a VirtualMachineError is never hidden behind an ordinary exception. An
   * interruption that ends up suppressed re-asserts the interrupt flag: no catch block sees it.
   */
  private void addFailure(Throwable t) {
    Throwable current = inFlight;
    if (current == null) {
      inFlight = t;
    } else if (t != current) {
      Throwable suppressed;
      if (t instanceof VirtualMachineError && !(current instanceof VirtualMachineError)) {
        t.addSuppressed(current);
        inFlight = t;
        suppressed = current;
      } else {
        current.addSuppressed(t);
        suppressed = t;
      }
      if (suppressed instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
