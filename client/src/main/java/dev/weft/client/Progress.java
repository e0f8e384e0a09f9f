package dev.weft.client;

import io.vertx.core.Context;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A console progress bar over futures (dask's {@code progress}):
 * {@code Progress.show(futures)} blocks until every future is done (finished, erred or
 * cancelled), redrawing one line such as {@code [####################                    ] 512/1000}
 * in place (a carriage return before each drawing) as they complete, and ends it with a newline.
 * Completions that arrive while a line is being drawn are shown together in the next one.
 */
public final class Progress {

  /** Characters between the brackets of the bar by default. */
  public static final int DEFAULT_WIDTH = 40;

  /** The number of futures shown; fixed, >= 0. */
  private final int total;
  /** Guards {@link #done}; notified on each completion. */
  private final Object lock = new Object();
  /** Futures done so far; 0 <= done <= total, only grows. */
  private int done;

  private Progress(int total) {
    this.total = total;
  }

  /** Shows the progress of {@code futures} on {@code System.err}, blocking until all are done. */
  public static void show(Collection<? extends TaskFuture<?>> futures) {
    show(futures, System.err);
  }

  /** Shows the progress of {@code futures} on {@code out}, blocking until all are done. */
  public static void show(Collection<? extends TaskFuture<?>> futures, PrintStream out) {
    show(futures, out, DEFAULT_WIDTH);
  }

  /**
   * Shows the progress of {@code futures} on {@code out} with a bar {@code width} characters
   * wide, blocking until all are done. Must not be called on a Vert.x event loop.
   */
  public static void show(Collection<? extends TaskFuture<?>> futures, PrintStream out, int width) {
    if (width < 1) {
      throw new IllegalArgumentException("width must be >= 1, got " + width);
    }
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("Progress.show blocks: do not call it on an event loop");
    }
    List<TaskFuture<?>> all = new ArrayList<>(futures);
    Progress p = new Progress(all.size());
    for (TaskFuture<?> f : all) {
      f.onDone(x -> p.completed());
    }
    p.draw(out, width);
  }

  private void completed() {
    synchronized (lock) {
      done++;
      lock.notifyAll();
    }
  }

  /** Draws the bar until every future is done, then ends the line. */
  private void draw(PrintStream out, int width) {
    int shown = -1;
    try {
      while (true) {
        int now;
        synchronized (lock) {
          while (done == shown) {
            lock.wait();
          }
          now = done;
        }
        out.print("\r" + bar(now, total, width));
        out.flush();
        shown = now;
        if (now >= total) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WeftException("interrupted while showing progress", e);
    } finally {
      out.println();
      out.flush();
    }
  }

  /** One drawing, e.g. {@code bar(512, 1000, 10)} is {@code "[#####     ] 512/1000"}. */
  static String bar(int done, int total, int width) {
    int filled = total == 0 ? width : (int) ((long) done * width / total);
    StringBuilder b = new StringBuilder(width + 24).append('[');
    for (int i = 0; i < width; i++) {
      b.append(i < filled ? '#' : ' ');
    }
    return b.append("] ").append(done).append('/').append(total).toString();
  }
}
