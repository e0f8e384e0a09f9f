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

  /**
   * A run in a slot: does its work and returns what hands its outcome to the worker (null:
   * nothing), which the slot runs only once the thread's next run is decided — taken from the
   * queue, or the slot given up. The worker's state, when it hears of the outcome, then finds the
   * slot as it believes it is: passed to its first queued run, or free; a run it starts on a free
   * slot never runs beside this thread's next one. (Deciding after the hand-over let a thread take
   * a run queued behind the state's new start: two runs at once on a one-thread worker, out of
   * priority order.)
   */
  @FunctionalInterface
  interface SlotRun {
    Runnable work();
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
  /** {@link #heldIn}: the thread runs slot runs, but its run seceded and holds no slot. */
  private static final int LEFT = -1;
  /** {@link #heldIn}: the thread runs no slot run (idle, or running something else). */
  private static final int NOT_A_SLOT_THREAD = -2;
  /** The epoch in which the calling thread holds a slot, or {@link #LEFT} or {@link #NOT_A_SLOT_THREAD}. */
  private final ThreadLocal<int[]> heldIn = ThreadLocal.withInitial(() -> new int[] {NOT_A_SLOT_THREAD});

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

  /** The calling thread's run seceded: its slot is free for a queued run (a no-op on a thread holding none). */
  void leave() {
    int[] epoch = heldIn.get();
    if (epoch[0] >= 0) {
      give(epoch[0]);
      epoch[0] = LEFT;
      takeIfFree();
    }
  }

  /** The calling thread's seceded run rejoined: it holds a slot again (a no-op unless it left one). */
  void rejoin() {
    int[] epoch = heldIn.get();
    if (epoch[0] == LEFT) {
      epoch[0] = epoch(held.incrementAndGet());
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

  private void runFrom(SlotRun first, int epoch) {
    int[] mine = heldIn.get();
    mine[0] = epoch;
    SlotRun next = first;
    while (next != null) {
      Runnable handOver = next.work();
      if (mine[0] == LEFT || epoch(held.get()) != mine[0]) {
        mine[0] = NOT_A_SLOT_THREAD;
        run(handOver);
        return; // the run seceded and did not rejoin (its slot was left then), or the worker started afresh
      }
      next = queued.poll();
      if (next == null) {
        give(mine[0]);
        mine[0] = NOT_A_SLOT_THREAD;
      }
      run(handOver);
    }
    if (mine[0] >= 0) { // given nothing to run (another thread took the queued run first)
      give(mine[0]);
      mine[0] = NOT_A_SLOT_THREAD;
    }
    takeIfFree();
  }

  private static void run(Runnable handOver) {
    if (handOver != null) {
      handOver.run();
    }
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
