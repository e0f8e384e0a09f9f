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

  /** One run on a slot. */
  interface SlotRun {
    /** Runs on the calling task thread; returns whether the run still holds its slot (it did not secede, or rejoined). */
    boolean run();
  }

  /** The worker's thread slots. */
  private final int nthreads;
  /** Where threads come from (and go back to once idle). */
  private final ExecutorService pool;
  /** Queued runs no thread has taken yet, oldest first. */
  private final ConcurrentLinkedQueue<SlotRun> queued = new ConcurrentLinkedQueue<>();
  /**
   * The epoch (high 32 bits: it grows when the worker starts afresh and its slots with it) and the
   * threads holding a slot in it (low 32 bits: running, or about to take queued runs), which can
   * exceed nthreads for as long as the thread of a run that ended takes to see the queue empty.
   */
  private final AtomicLong held = new AtomicLong();
  /** The epoch in which the calling task thread holds a slot, or -1 when it holds none. */
  private final ThreadLocal<int[]> heldIn = ThreadLocal.withInitial(() -> new int[] {-1});

  TaskSlots(int nthreads, ExecutorService pool) {
    this.nthreads = nthreads;
    this.pool = pool;
  }

  /** Runs {@code run} on a thread now, which then takes queued runs while there are any. */
  void start(SlotRun run) {
    int epoch = epoch(held.incrementAndGet());
    execute(run, epoch);
  }

  /** Queues {@code run} for the next thread whose run ends (or for a new one if a slot is free). */
  void enqueue(SlotRun run) {
    queued.add(run);
    takeIfFree();
  }

  /** The calling thread's run seceded: its slot is free for a queued run. */
  void leave() {
    int[] epoch = heldIn.get();
    if (epoch[0] >= 0) {
      give(epoch[0]);
      epoch[0] = -1;
      takeIfFree();
    }
  }

  /** The calling thread's seceded run rejoined: it holds a slot again. */
  void rejoin() {
    heldIn.get()[0] = epoch(held.incrementAndGet());
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

  private void runFrom(SlotRun first, int epoch) {
    int[] mine = heldIn.get();
    mine[0] = epoch;
    SlotRun next = first;
    while (next != null) {
      boolean stillHeld = next.run();
      if (!stillHeld || mine[0] < 0) {
        return; // the run seceded: its slot was left then
      }
      if (epoch(held.get()) != mine[0]) {
        mine[0] = -1;
        return; // the worker started afresh: this thread's slot went with the old state
      }
      next = queued.poll();
    }
    give(mine[0]);
    mine[0] = -1;
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

  private void execute(SlotRun first, int epoch) {
    try {
      pool.execute(() -> runFrom(first, epoch));
    } catch (RejectedExecutionException shutDown) {
      give(epoch); // the worker stopped: its runs go with it
    }
  }
}
