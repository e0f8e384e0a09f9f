package dev.weft.worker.nanny;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Supervises one worker JVM (dask's Nanny): starts it, and when it dies without being asked to,
 * reports why (exit code or signal) and starts it again under the same name.
 */
public final class Nanny {

  private static final Logger LOG = System.getLogger(Nanny.class.getName());

  private final String workerId;
  private final List<String> command;
  private final File log;
  private final BiConsumer<String, String> onDeath;
  /** The running worker process; replaced on each restart. */
  private Process process;
  /** True once {@link #stop()} was called: deaths are then expected and not restarted. */
  private boolean stopping;
  /** Unexpected deaths so far. */
  private int deaths;

  /**
   * A nanny for worker {@code workerId} started by {@code command}, its output appended to
   * {@code log}; {@code onDeath} gets (worker, reason) after each unexpected death.
   */
  public Nanny(String workerId, List<String> command, File log, BiConsumer<String, String> onDeath) {
    this.workerId = workerId;
    this.command = List.copyOf(command);
    this.log = log;
    this.onDeath = onDeath;
  }

  /** Starts the worker JVM. */
  public synchronized void start() {
    if (stopping) {
      return;
    }
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
      process = p;
      p.onExit().thenAccept(this::exited);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start worker " + workerId, e);
    }
  }

  private void exited(Process p) {
    String reason = describe(p.exitValue());
    synchronized (this) {
      if (stopping || p != process) {
        return;
      }
      deaths++;
    }
    LOG.log(Level.WARNING, "worker " + workerId + " died (" + reason + "); restarting it");
    onDeath.accept(workerId, reason);
    start();
  }

  /** A readable account of an exit code: signals show as their name. */
  static String describe(int exitCode) {
    if (exitCode > 128 && exitCode < 160) {
      int signal = exitCode - 128;
      String name = switch (signal) {
        case 9 -> "SIGKILL";
        case 15 -> "SIGTERM";
        case 6 -> "SIGABRT";
        case 11 -> "SIGSEGV";
        default -> "signal " + signal;
      };
      return "killed by " + name + " (exit code " + exitCode + ")";
    }
    return "exited with code " + exitCode;
  }

  /** The worker JVM's process id (of its current incarnation). */
  public synchronized long pid() {
    return process.pid();
  }

  /** Unexpected deaths so far. */
  public synchronized int deaths() {
    return deaths;
  }

  /** Stops the worker JVM (politely, then forcibly after 10 s) and does not restart it. */
  public void stop() {
    Process p;
    synchronized (this) {
      stopping = true;
      p = process;
    }
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }
}
