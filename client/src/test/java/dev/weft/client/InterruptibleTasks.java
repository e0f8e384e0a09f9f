package dev.weft.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Tasks for the cancel-running-tasks tests, each telling a marker file (named by path, so a worker
 * in another JVM can write it and the test read it) how far it got and what it saw.
 */
final class InterruptibleTasks {

  private InterruptibleTasks() {}

  /** Sleeps a minute in 100 ms steps: the first {@code Thread.sleep} after an interrupt throws. */
  static String sleepAMinute(String marker) throws InterruptedException {
    mark(marker, "started");
    for (int i = 0; i < 600; i++) {
      Thread.sleep(100);
    }
    return "slept a minute";
  }

  /**
   * Ignores interrupts for {@code millis} (parking in 1 ms steps, clearing its interrupt flag), then
   * notes when it ended and whether it was interrupted.
   */
  static String ignoreInterrupts(String marker, long millis) {
    mark(marker, "started");
    boolean interrupted = false;
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      LockSupport.parkNanos(1_000_000);
      interrupted |= Thread.interrupted();
    }
    mark(marker, "ended " + System.currentTimeMillis() + " interrupted=" + interrupted);
    return "ignored interrupts";
  }

  /** Waits (a minute at most) until {@link WorkerContext#cancelled()}, notes it, and stops by throwing. */
  static String untilCancelled(String marker) {
    mark(marker, "started");
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!WorkerContext.current().cancelled()) {
      if (System.nanoTime() > deadline) {
        mark(marker, "never cancelled");
        return "never cancelled";
      }
      LockSupport.parkNanos(10_000_000);
    }
    mark(marker, "saw cancelled, interrupted=" + Thread.currentThread().isInterrupted());
    throw new CancellationException("stopping: cancelled");
  }

  /** Sleeps {@code millis} at once, then notes whether it was interrupted and whether it read cancelled. */
  static String sleepAndReport(String marker, long millis) {
    mark(marker, "started");
    boolean interrupted = false;
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      interrupted = true;
    }
    mark(marker, "ended interrupted=" + interrupted + " cancelled=" + WorkerContext.current().cancelled());
    return "reported";
  }

  /** The current time, as the task thread sees it when it starts. */
  static long startedAt(int ignored) {
    return System.currentTimeMillis();
  }

  /** Replaces the marker's text at once (written aside, then moved over it). */
  static void mark(String marker, String text) {
    try {
      Path target = Path.of(marker);
      Path aside = target.resolveSibling(target.getFileName() + ".tmp");
      Files.writeString(aside, text);
      Files.move(aside, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The marker's text; empty when nothing was written yet. */
  static String read(Path marker) {
    try {
      return Files.exists(marker) ? Files.readString(marker) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
