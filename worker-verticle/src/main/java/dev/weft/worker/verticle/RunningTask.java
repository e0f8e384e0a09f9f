package dev.weft.worker.verticle;

/**
 * One task's run, as far as stopping it goes: whether it was cancelled, and the thread to interrupt
 * while the task's function runs. An interrupt can never reach the thread after the run returned,
 * so the next task on that pool thread starts clean. Thread-safe.
 */
final class RunningTask {

  /** The thread running the task's function; null before it starts and once it returned. Guarded by this. */
  private Thread thread;
  /** Whether the worker was told to stop this run; never reset. */
  private volatile boolean cancelled;

  /** The calling thread runs the task from now on; interrupted at once if the run was cancelled already. */
  synchronized void start() {
    thread = Thread.currentThread();
    if (cancelled) {
      thread.interrupt();
    }
  }

  /** The calling thread's run returned: it leaves with its interrupt status cleared. */
  synchronized void finish() {
    thread = null;
    Thread.interrupted();
  }

  /** Marks the run cancelled and interrupts its thread while the task runs. */
  synchronized void cancel() {
    cancelled = true;
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** Whether the run was cancelled. */
  boolean cancelled() {
    return cancelled;
  }
}
