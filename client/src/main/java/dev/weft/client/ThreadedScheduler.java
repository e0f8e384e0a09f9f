package dev.weft.client;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Schedulers#threaded(int)}: tasks run on a pool of {@code n} daemon threads of this JVM
 * (no cluster, nothing serialized), the calling thread coordinating. Idle pool threads end after a
 * few seconds, so an unused scheduler holds no thread. A graph computed from inside one of this
 * scheduler's own tasks runs on that task's thread (waiting for the pool there could deadlock).
 */
final class ThreadedScheduler implements Scheduler {

  /** Pools made so far in this JVM (numbers the thread names); only grows. */
  private static final AtomicInteger POOLS = new AtomicInteger();

  /** Tasks of one graph running at once; at least 1. */
  private final int n;
  /** The pool; its threads are {@link PoolThread}s owned by this scheduler, never shut down. */
  private final ThreadPoolExecutor pool;

  ThreadedScheduler(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("threaded(n) needs n >= 1, got " + n);
    }
    this.n = n;
    this.pool = new ThreadPoolExecutor(n, n, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new Threads(this));
    this.pool.allowCoreThreadTimeOut(true);
  }

  @Override
  public Map<String, Object> get(Graph graph, Collection<String> keys) {
    if (Thread.currentThread() instanceof PoolThread t && t.owner == this) {
      return LocalExecution.runSynchronously(graph, keys);
    }
    return LocalExecution.runOn(pool, n, graph, keys);
  }

  /** The number of threads. */
  int threads() {
    return n;
  }

  @Override
  public String toString() {
    return "Schedulers.threaded(" + n + ")";
  }

  /** A thread of one scheduler's pool. */
  private static final class PoolThread extends Thread {
    /** The scheduler whose pool this thread belongs to. */
    final ThreadedScheduler owner;

    PoolThread(ThreadedScheduler owner, Runnable r, String name) {
      super(r, name);
      this.owner = owner;
      setDaemon(true);
    }
  }

  /** Makes daemon {@link PoolThread}s named {@code weft-threaded-<pool>-<n>}. */
  private static final class Threads implements ThreadFactory {
    /** The scheduler the threads belong to. */
    private final ThreadedScheduler owner;
    /** This pool's number, unique in the JVM. */
    private final int pool = POOLS.incrementAndGet();
    /** Number of the next thread; only grows. */
    private final AtomicInteger next = new AtomicInteger();

    Threads(ThreadedScheduler owner) {
      this.owner = owner;
    }

    @Override
    public Thread newThread(Runnable r) {
      return new PoolThread(owner, r, "weft-threaded-" + pool + "-" + next.getAndIncrement());
    }
  }
}
