package dev.weft.worker.verticle;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's task threads as slots: a run that takes a thread now, and queued runs
 * ({@code Execute.queued}), which the thread of a run that ends takes next, with no trip through
 * the worker's event loop in between. A thread whose run seceded leaves its slot, and a queued run
 * then gets a thread of its own. Thread-safe.
 */
final class TaskSlots {

  /** The worker's thread slots. */
  private final int nthreads;
  /** Where threads come from (and go back to once idle). */
  private final ExecutorService pool;
  /** Queued runs no thread has taken yet, oldest first. */
  private final ConcurrentLinkedQueue<Runnable> queued = new ConcurrentLinkedQueue<>();
  /**
   * The epoch (high 32 bits: it grows when the worker starts afresh and its slots with it) and the
   * threads holding a slot in it (low 32 bits: running, or about to take queued runs), which can
   * exceed nthreads for as long as the thread of a run that ended takes to see the queue empty.
   */
  private final AtomicLong held = new AtomicLong();
  /** {@link SlotThread#epoch}: the thread runs slot runs, but its run seceded and holds no slot. */
  private static final int LEFT = -1;
  /** {@link SlotThread#epoch}: the thread runs no slot run (idle, or running something else). */
  private static final int NOT_A_SLOT_THREAD = -2;
  /** What the calling thread holds. */
  private final ThreadLocal<SlotThread> current = ThreadLocal.withInitial(SlotThread::new);

  /** A task thread's part in the slots; touched by that thread only. */
  private static final class SlotThread {
    /** The epoch in which the thread holds a slot, or {@link #LEFT} or {@link #NOT_A_SLOT_THREAD}. */
    int epoch = NOT_A_SLOT_THREAD;
    /** True once the current run called {@link #ending()} while holding a slot; false before. */
    boolean ended;
    /** The queued run taken at {@link #ending()}, run next; null when there was none (the slot was given up then). */
    Runnable claimed;
  }

  TaskSlots(int nthreads, ExecutorService pool) {
    this.nthreads = nthreads;
    this.pool = pool;
  }

  /** Runs {@code run} on a thread now, which then takes queued runs while there are any. */
  void start(Runnable run) {
    int epoch = epoch(held.incrementAndGet());
    execute(run, epoch);
  }

  /** Queues {@code run} for the next thread whose run ends (or for a new one if a slot is free). */
  void enqueue(Runnable run) {
    queued.add(run);
    takeIfFree();
  }

  /** The calling thread's run seceded: its slot is free for a queued run (a no-op on a thread holding none). */
  void leave() {
    SlotThread me = current.get();
    if (me.epoch >= 0) {
      give(me.epoch);
      me.epoch = LEFT;
      takeIfFree();
    }
  }

  /** The calling thread's seceded run rejoined: it holds a slot again (a no-op unless it left one). */
  void rejoin() {
    SlotThread me = current.get();
    if (me.epoch == LEFT) {
      me.epoch = epoch(held.incrementAndGet());
    }
  }

  /**
   * The calling thread's run is about to hand its outcome to the worker: the thread takes the first
   * queued run now, or gives its slot up when there is none. The worker's state, once it hears of
   * the outcome, then finds the slot as it believes it is — passed to its first queued run, or free
   * — and a run it starts on a free slot never runs beside this thread's next one. (Deciding after
   * the hand-over let a thread take a run queued behind the state's new start: two runs at once on
   * a one-thread worker, out of priority order.) A no-op on a thread holding no slot.
   */
  void ending() {
    SlotThread me = current.get();
    if (me.epoch < 0 || epoch(held.get()) != me.epoch) {
      return;
    }
    me.ended = true;
    me.claimed = queued.poll();
    if (me.claimed == null) {
      give(me.epoch);
    }
  }

  /**
   * The worker starts afresh: the runs going on hold no slot of the new state, so queued runs of
   * the new state do not wait for them to end.
   */
  void newEpoch() {
    held.getAndUpdate(now -> (long) (epoch(now) + 1) << 32);
  }

  /** Drops the queued runs no thread has taken (the worker stops). */
  void clear() {
    queued.clear();
  }

  private static int epoch(long held) {
    return (int) (held >>> 32);
  }

  private void give(int epoch) {
    held.getAndUpdate(now -> epoch(now) == epoch ? now - 1 : now);
  }

  private void runFrom(Runnable first, int epoch) {
    SlotThread me = current.get();
    me.epoch = epoch;
    Runnable next = first;
    while (next != null) {
      me.ended = false;
      me.claimed = null;
      next.run();
      if (me.epoch == LEFT || epoch(held.get()) != me.epoch) {
        // The run seceded and did not rejoin (its slot was left then), or the worker started afresh:
        // a run claimed meanwhile was queued for the old state, and skips itself.
        Runnable claimed = me.claimed;
        me.epoch = NOT_A_SLOT_THREAD;
        me.claimed = null;
        if (claimed != null) {
          claimed.run();
        }
        return;
      }
      if (me.ended && me.claimed == null) {
        me.epoch = NOT_A_SLOT_THREAD;
        takeIfFree();
        return; // the slot was given up at ending()
      }
      next = me.ended ? me.claimed : queued.poll();
    }
    give(me.epoch);
    me.epoch = NOT_A_SLOT_THREAD;
    takeIfFree();
  }

  /** A thread for the queued runs while a slot is free (a run queued just as every thread left). */
  private void takeIfFree() {
    while (!queued.isEmpty()) {
      long now = held.get();
      if ((int) now >= nthreads) {
        return;
      }
      if (held.compareAndSet(now, now + 1)) {
        execute(queued.poll(), epoch(now));
        return;
      }
    }
  }

  private void execute(Runnable first, int epoch) {
    try {
      pool.execute(() -> runFrom(first, epoch));
    } catch (RejectedExecutionException shutDown) {
      give(epoch); // the worker stopped: its runs go with it
    }
  }
}
