package dev.weft.worker.nanny;

import dev.weft.protocol.MemoryLimit;
import dev.weft.protocol.RestartWorker;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongUnaryOperator;

/**
 * Supervises one worker JVM (dask's Nanny): starts it, and when it dies without being asked to,
 * reports why (exit code, signal, OutOfMemoryError, or its own kill) and starts it again under the
 * same name. With a memory limit it watches the worker's resident memory every
 * {@value #WATCH_MILLIS} ms (where /proc can be read) and kills it forcibly once that passes the
 * terminate fraction of the limit (dask's {@code distributed.worker.memory.terminate}, 95%).
 */
public final class Nanny {

  private static final Logger LOG = System.getLogger(Nanny.class.getName());
  /** How often the resident memory of a watched worker is read (dask's nanny: 100 ms). */
  static final long WATCH_MILLIS = 100;
  /** What HotSpot prints (to the worker's output) before exiting with code 3 under -XX:+ExitOnOutOfMemoryError. */
  static final String OOM_EXIT_LINE = "Terminating due to java.lang.OutOfMemoryError: ";
  /** The exit code of -XX:+ExitOnOutOfMemoryError. */
  static final int OOM_EXIT_CODE = 3;
  /** Exit code of a process killed by SIGKILL, as {@link Process#exitValue()} gives it. */
  private static final int SIGKILL_EXIT_CODE = 128 + 9;
  /** How much of a dead worker's own output is searched for {@link #OOM_EXIT_LINE}. */
  private static final int OUTPUT_TAIL_BYTES = 64 * 1024;
  /** One daemon thread reads the resident memory of every watched worker of this JVM. */
  private static final ScheduledExecutorService WATCHER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "weft-nanny-memory");
    t.setDaemon(true);
    return t;
  });

  private final String workerId;
  private final List<String> command;
  private final File log;
  private final BiConsumer<String, String> onDeath;
  /** The memory budget enforced; unwatched when its limit is 0. */
  private final MemoryBudget budget;
  /** Resident bytes of a pid (-1: unknown); null when memory is not watched (no limit, or no /proc). */
  private final LongUnaryOperator residentMemory;
  /** The worker's maximum heap from its command's -Xmx, in bytes; 0 when the command sets none. */
  private final long heapBytes;
  /** The running worker process; replaced on each restart; null before the first start. */
  private Process process;
  /** Length of {@link #log} when {@link #process} started: its own output lies after this offset. */
  private long outputStart;
  /** Why this nanny killed {@link #process}; null unless it did (reset at each start). */
  private String killReason;
  /** The periodic memory check; non-null from the first start of a watched worker until {@link #stop()}. */
  private ScheduledFuture<?> watch;
  /** True once {@link #stop()} was called: deaths are then expected and not restarted. */
  private boolean stopping;
  /** Unexpected deaths so far; only grows. */
  private int deaths;
  /** Restarts the worker asked for (a cluster restart), not counted as deaths; only grows. */
  private int restarts;
  /** What the last incarnation that died wrote (its last bytes at most); empty before any death. */
  private String lastDeathOutput = "";

  /**
   * A nanny for worker {@code workerId} started by {@code command}, its output appended to
   * {@code log}; {@code onDeath} gets (worker, reason) after each unexpected death. With a
   * {@code memoryLimit} (bytes; 0: none) the worker is killed when its resident memory passes 95%
   * of it.
   */
  public Nanny(String workerId, List<String> command, File log, long memoryLimit, BiConsumer<String, String> onDeath) {
    this(workerId, command, log, memoryLimit, MemoryBudget.TERMINATE, onDeath);
  }

  /**
   * As {@link #Nanny(String, List, File, long, BiConsumer)}, killing the worker when its resident
   * memory passes {@code terminateFraction} of {@code memoryLimit} instead of 95%.
   */
  public Nanny(String workerId, List<String> command, File log, long memoryLimit, double terminateFraction,
      BiConsumer<String, String> onDeath) {
    this(workerId, command, log, new MemoryBudget(memoryLimit, terminateFraction),
        ResidentMemory.readable() ? ResidentMemory::of : null, onDeath);
    if (budget.watched() && residentMemory == null) {
      LOG.log(Level.INFO, "worker " + workerId + ": resident memory cannot be read here (no /proc);"
          + " its " + MemoryLimit.format(memoryLimit) + " memory limit is not watched by its nanny");
    }
  }

  /** A nanny reading resident memory with {@code residentMemory} (pid to bytes, -1 unknown; null: none). */
  Nanny(String workerId, List<String> command, File log, MemoryBudget budget, LongUnaryOperator residentMemory,
      BiConsumer<String, String> onDeath) {
    this.workerId = workerId;
    this.command = List.copyOf(command);
    this.log = log;
    this.budget = budget;
    this.residentMemory = budget.watched() ? residentMemory : null;
    this.heapBytes = JvmMemory.maxHeapOf(this.command);
    this.onDeath = onDeath;
  }

  /** Starts the worker JVM (and, the first time, the watch over its memory). */
  public synchronized void start() {
    if (stopping) {
      return;
    }
    try {
      long start = log.length();
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
      process = p;
      outputStart = start;
      killReason = null;
      p.onExit().thenAccept(this::exited);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start worker " + workerId, e);
    }
    if (watch == null && residentMemory != null) {
      watch = WATCHER.scheduleWithFixedDelay(this::checkMemory, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** One memory check: a worker over its budget is warned about and killed forcibly (once). */
  private void checkMemory() {
    Process p;
    synchronized (this) {
      if (stopping || process == null || killReason != null) {
        return;
      }
      p = process;
    }
    long rss = residentMemory.applyAsLong(p.pid());
    if (!budget.exceeded(rss)) {
      return;
    }
    synchronized (this) {
      if (stopping || p != process || killReason != null) {
        return;
      }
      killReason = budget.reason(rss);
    }
    LOG.log(Level.WARNING, budget.warning(workerId, p.pid(), rss));
    p.destroyForcibly();
  }

  private void exited(Process p) {
    int code = p.exitValue();
    String reason;
    long from;
    synchronized (this) {
      if (stopping || p != process) {
        return;
      }
      if (code == RestartWorker.EXIT_CODE && killReason == null) {
        restarts++;
        LOG.log(Level.INFO, "Worker " + workerId + " (pid=" + p.pid() + ") restarts on request");
        start();
        return;
      }
      deaths++;
      // Its own kill shows as SIGKILL; had the worker died otherwise meanwhile, that is told instead.
      reason = killReason != null && code == SIGKILL_EXIT_CODE ? killReason : null;
      from = outputStart;
    }
    String output = outputAfter(from);
    synchronized (this) {
      lastDeathOutput = output;
    }
    if (reason == null) {
      reason = describe(code, code == OOM_EXIT_CODE ? output : "", heapBytes);
    }
    LOG.log(Level.WARNING, "Worker " + workerId + " (pid=" + p.pid() + ") " + reason + "; restarting");
    onDeath.accept(workerId, reason);
    start();
  }

  /** The log's text after {@code offset} (its last {@value #OUTPUT_TAIL_BYTES} bytes at most); empty when unreadable. */
  private String outputAfter(long offset) {
    try (RandomAccessFile f = new RandomAccessFile(log, "r")) {
      long from = Math.max(offset, f.length() - OUTPUT_TAIL_BYTES);
      byte[] bytes = new byte[(int) Math.max(0, f.length() - from)];
      f.seek(from);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** A readable account of an exit code, phrased to follow "it": signals show as their name. */
  static String describe(int exitCode) {
    return describe(exitCode, "", 0);
  }

  /**
   * A readable account of how a worker JVM ended, phrased to follow "it" (see {@code WorkerLost}):
   * signals show as their name, and exit code 3 after HotSpot's {@link #OOM_EXIT_LINE} in the
   * process's {@code output} as an OutOfMemoryError — of a heap of {@code heapBytes} (0: unknown)
   * when the heap ran out.
   */
  static String describe(int exitCode, String output, long heapBytes) {
    if (exitCode > 128 && exitCode < 160) {
      int signal = exitCode - 128;
      String name = switch (signal) {
        case 9 -> "SIGKILL";
        case 15 -> "SIGTERM";
        case 6 -> "SIGABRT";
        case 11 -> "SIGSEGV";
        default -> "signal " + signal;
      };
      return "was killed by " + name + " (exit code " + exitCode + ")";
    }
    int oom = output.lastIndexOf(OOM_EXIT_LINE);
    if (exitCode == OOM_EXIT_CODE && oom >= 0) {
      int end = output.indexOf('\n', oom);
      String what = output.substring(oom + OOM_EXIT_LINE.length(), end < 0 ? output.length() : end).trim();
      if (what.equals("Java heap space")) {
        return "exited after an OutOfMemoryError (the heap" + (heapBytes > 0 ? " of " + MemoryLimit.format(heapBytes) : "")
            + " was exhausted)";
      }
      return "exited after an OutOfMemoryError (" + what + ")";
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

  /** Restarts the worker asked for (exit code {@link RestartWorker#EXIT_CODE}) so far. */
  public synchronized int restarts() {
    return restarts;
  }

  /** What the worker JVM that died last wrote to its log (the end of it); empty before any death. */
  public synchronized String lastDeathOutput() {
    return lastDeathOutput;
  }

  /** Stops watching and stops the worker JVM (politely, then forcibly after 10 s); it is not restarted. */
  public void stop() {
    Process p;
    synchronized (this) {
      stopping = true;
      p = process;
      if (watch != null) {
        watch.cancel(false);
      }
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
