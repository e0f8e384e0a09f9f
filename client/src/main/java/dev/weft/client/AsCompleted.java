package dev.weft.client;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Futures in the order they complete (dask's {@code as_completed}). Iterating blocks until the
 * next future is done (finished, erred or cancelled) and yields it; iteration ends once every
 * future added so far has been yielded. Futures may be {@link #add added} at any time, also
 * while another thread iterates: the iteration then continues until they are yielded too.
 *
 * <p>Each future is yielded once in all: iterators share one queue, so two threads iterating the
 * same {@code AsCompleted} split the futures between them. The iterator blocks and so must not be
 * used on a Vert.x event loop. Thread-safe. Obtain one from
 * {@link Client#asCompleted(Collection)}.
 *
 * @param <T> the type of the futures' values
 */
public final class AsCompleted<T> implements Iterable<TaskFuture<T>> {

  /** Guards {@link #ready} and {@link #pending}; notified whenever a future completes. */
  private final Object lock = new Object();
  /** Done futures not yet yielded, in completion order. */
  private final ArrayDeque<TaskFuture<T>> ready = new ArrayDeque<>();
  /** Added futures not yet done; >= 0. A future is counted here or sits in {@link #ready}, until yielded. */
  private int pending;

  AsCompleted(Collection<TaskFuture<T>> futures) {
    for (TaskFuture<T> f : futures) {
      add(f);
    }
  }

  /** Adds {@code future}: it will be yielded once done (at once if it already is). */
  public AsCompleted<T> add(TaskFuture<T> future) {
    if (future == null) {
      throw new NullPointerException("future");
    }
    synchronized (lock) {
      pending++;
    }
    future.onDone(this::completed);
    return this;
  }

  /** Adds each of {@code futures}. */
  public AsCompleted<T> addAll(Collection<TaskFuture<T>> futures) {
    for (TaskFuture<T> f : futures) {
      add(f);
    }
    return this;
  }

  /** Futures added and not yet yielded (done or not). */
  public int count() {
    synchronized (lock) {
      return pending + ready.size();
    }
  }

  /** True when every future added has been yielded. */
  public boolean isEmpty() {
    return count() == 0;
  }

  private void completed(TaskFuture<T> future) {
    synchronized (lock) {
      pending--;
      ready.add(future);
      lock.notifyAll();
    }
  }

  /**
   * An iterator over the futures not yet yielded: {@code hasNext()} blocks until one is done or
   * none is left; {@code next()} takes it.
   */
  @Override
  public Iterator<TaskFuture<T>> iterator() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        synchronized (lock) {
          while (ready.isEmpty() && pending > 0) {
            if (Context.isOnEventLoopThread()) {
              throw new IllegalStateException("as-completed iteration blocks: do not iterate on an event loop");
            }
            try {
              lock.wait();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new WeftException("interrupted while waiting for the next completed future", e);
            }
          }
          return !ready.isEmpty();
        }
      }

      @Override
      public TaskFuture<T> next() {
        synchronized (lock) {
          if (!hasNext()) {
            throw new NoSuchElementException("every future has been yielded");
          }
          return ready.poll();
        }
      }
    };
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "<AsCompleted: waiting=" + pending + ", done=" + ready.size() + ">";
    }
  }
}
