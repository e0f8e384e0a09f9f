package dev.weft.client;

import io.vertx.core.Context;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A progress bar over futures (dask's {@code progress}): {@code Progress.show(futures)} blocks
 * until every future is done (finished, erred or cancelled).
 *
 * <p>On a terminal it redraws one line such as
 * {@code [####################                    ] 512/1000} in place (a carriage return before
 * each drawing) as futures complete, and ends it with a newline; completions that arrive while a
 * line is being drawn are shown together in the next one. Anywhere else (output redirected to a
 * file or a pipe, or a stream of the caller's), where carriage returns would pile up as garbage, it
 * writes whole lines instead: the bar at the start, each time another tenth of the futures is
 * done, and at the end. {@link #show(Collection, PrintStream, int, boolean)} chooses explicitly.
 */
public final class Progress {

  /** Characters between the brackets of the bar by default. */
  public static final int DEFAULT_WIDTH = 40;
  /** Lines a non-terminal output gets between the first and the last: one per tenth done. */
  private static final int STEPS = 10;

  /** The number of futures shown; fixed, >= 0. */
  private final int total;
  /** Guards {@link #done}; notified on each completion. */
  private final Object lock = new Object();
  /** Futures done so far; 0 <= done <= total, only grows. */
  private int done;

  private Progress(int total) {
    this.total = total;
  }

  /**
   * Shows the progress of {@code futures} on {@code System.err}, blocking until all are done:
   * redrawn in place when standard error is a terminal, as whole lines otherwise.
   */
  public static void show(Collection<? extends TaskFuture<?>> futures) {
    show(futures, System.err);
  }

  /**
   * Shows the progress of {@code futures} on {@code out}, blocking until all are done: redrawn in
   * place when {@code out} is {@code System.out} or {@code System.err} and that is a terminal, as
   * whole lines otherwise.
   */
  public static void show(Collection<? extends TaskFuture<?>> futures, PrintStream out) {
    show(futures, out, DEFAULT_WIDTH);
  }

  /**
   * As {@link #show(Collection, PrintStream)} with a bar {@code width} characters wide. Must not be
   * called on a Vert.x event loop.
   */
  public static void show(Collection<? extends TaskFuture<?>> futures, PrintStream out, int width) {
    show(futures, out, width, isTerminal(out));
  }

  /**
   * Shows the progress of {@code futures} on {@code out} with a bar {@code width} characters wide,
   * blocking until all are done: redrawn in place when {@code inPlace} (for a terminal), else as
   * whole lines (the start, each further tenth done, the end). Must not be called on a Vert.x event
   * loop.
   */
  public static void show(Collection<? extends TaskFuture<?>> futures, PrintStream out, int width, boolean inPlace) {
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
    if (inPlace) {
      p.draw(out, width);
    } else {
      p.lines(out, width);
    }
  }

  /**
   * True when {@code out} is this process's standard output or error and that goes to a terminal.
   * On Linux the file descriptor's target says so (standard error can be redirected alone);
   * elsewhere, {@link System#console()} (set when standard input and output are a terminal).
   */
  static boolean isTerminal(PrintStream out) {
    int fd = out == System.out ? 1 : out == System.err ? 2 : -1;
    if (fd < 0) {
      return false;
    }
    Path link = Path.of("/proc/self/fd/" + fd);
    try {
      if (Files.isSymbolicLink(link)) {
        String target = Files.readSymbolicLink(link).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // no /proc here: fall back below
    }
    return System.console() != null;
  }

  private void completed() {
    synchronized (lock) {
      done++;
      lock.notifyAll();
    }
  }

  /** Waits until more than {@code shown} futures are done; returns how many are. */
  private int awaitMoreThan(int shown) throws InterruptedException {
    synchronized (lock) {
      while (done == shown) {
        lock.wait();
      }
      return done;
    }
  }

  /** Draws the bar in place until every future is done, then ends the line. */
  private void draw(PrintStream out, int width) {
    int shown = -1;
    try {
      while (true) {
        int now = awaitMoreThan(shown);
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

  /**
   * Writes the bar as whole lines, no carriage returns: the start, each time another tenth of the
   * futures is done, and the end (so at most {@value #STEPS} + 1 lines).
   */
  private void lines(PrintStream out, int width) {
    int shown = -1;
    int step = -1;
    try {
      while (true) {
        int now = awaitMoreThan(shown);
        shown = now;
        int nowStep = total == 0 ? STEPS : (int) ((long) now * STEPS / total);
        if (nowStep > step || now >= total) {
          out.println(bar(now, total, width));
          out.flush();
          step = nowStep;
        }
        if (now >= total) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WeftException("interrupted while showing progress", e);
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
