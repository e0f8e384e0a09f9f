package dev.weft.worker.verticle;

import dev.weft.protocol.OncePerSecond;
import dev.weft.worker.state.DeleteSpill;
import dev.weft.worker.state.MemoryMeasured;
import dev.weft.worker.state.Spill;
import dev.weft.worker.state.SpillDone;
import dev.weft.worker.state.SpillFailed;
import dev.weft.worker.state.WorkerConfig;
import dev.weft.worker.state.WorkerStimulus;
import dev.weft.worker.store.SpilledValue;
import io.vertx.core.Vertx;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The I/O side of a worker's memory: writes the values its state chooses to spill (off the event
 * loop), deletes the files of released values, reads spilled values back for tasks, peers and
 * clients, and feeds the state measurements of the process memory — asking for a collection, at
 * most once a second, while paused (so that released memory is seen and the worker resumes) or
 * while the heap including garbage passes the first threshold (so that held memory is seen).
 * Called on the worker's context; outcomes come back on it.
 */
final class Spiller {

  private static final Logger LOG = System.getLogger(Spiller.class.getName());
  /** How often memory is looked at (dask's memory monitor interval is 100 ms). */
  static final long INTERVAL_MILLIS = 200;
  /**
   * A worker that is paused, or whose heap including garbage passes its first threshold, asks for a
   * collection when none came for this long: memory released (or newly held) is seen only after one.
   */
  private static final long COLLECT_AT_MOST_EVERY_NANOS = 1_000_000_000L;
  /** A worker that measures nothing new still tells its state this often (retries, pause checks). */
  private static final long TICK_NANOS = 1_000_000_000L;

  private final Vertx vertx;
  private final WorkerConfig config;
  /** The classes values are written and read with now. */
  private final Supplier<UploadedJars.Generation> classes;
  /** Where outcomes and measurements go, on the worker's context. */
  private final Consumer<WorkerStimulus> outcomes;
  /** Opens when a spill failure may be logged. */
  private final OncePerSecond failureLog = new OncePerSecond();
  /** Measures the process when the worker has its JVM to itself; else null. */
  private final MemoryMonitor monitor;
  /** Bytes of the lowest threshold that acts on measured memory (spill, else pause); Long.MAX_VALUE when neither does. */
  private final long firstThresholdBytes;
  /** The files of the current state; replaced when the worker starts clean. */
  private volatile SpillFiles files;
  /** Bumped when the worker starts clean: outcomes of writes started before are dropped. */
  private int generation;
  /** Bytes read back by the files of earlier states, kept so the count only grows. */
  private long readBefore;
  /** The periodic look at memory; -1 when none runs. */
  private long timer = -1;
  /** Collections seen when memory was last reported. */
  private long reportedCollections = -1;
  /** When the state was last told about memory (System.nanoTime). */
  private long reportedAt = System.nanoTime();
  /** True while a requested collection runs. */
  private boolean collecting;

  Spiller(Vertx vertx, WorkerConfig config, Supplier<UploadedJars.Generation> classes,
      Consumer<WorkerStimulus> outcomes) {
    this.vertx = vertx;
    this.config = config;
    this.classes = classes;
    this.outcomes = outcomes;
    this.monitor = config.memory().ownJvm() && config.memoryLimit() > 0 ? new MemoryMonitor() : null;
    double first = config.memory().spill() > 0 ? config.memory().spill() : config.memory().pause();
    this.firstThresholdBytes = first > 0 ? (long) (first * config.memoryLimit()) : Long.MAX_VALUE;
    this.files = newFiles();
  }

  private SpillFiles newFiles() {
    return new SpillFiles(Path.of(config.memory().localDirectory()), config.workerId(), config.memory().maxSpillBytes());
  }

  /** Starts looking at memory; {@code paused} tells whether the worker is paused now. */
  void start(BooleanSupplier paused) {
    if (config.memoryLimit() > 0) {
      timer = vertx.setPeriodic(INTERVAL_MILLIS, id -> look(paused.getAsBoolean()));
    }
  }

  /**
   * Tells the state the worker's measured memory (its heap in use) when it changed: below the first threshold the measurement
   * after any collection will do (it can only be lower); above it, only one after a full collection
   * counts (old garbage would otherwise pause a worker whose values are all on disk), and one is
   * asked for when the latest is over a second old. A paused worker likewise asks for one, so that
   * memory released is seen.
   */
  private void look(boolean paused) {
    long now = System.nanoTime();
    if (monitor == null) {
      if (now - reportedAt >= TICK_NANOS) {
        reportedAt = now;
        outcomes.accept(new MemoryMeasured(0));
      }
      return;
    }
    long upper = monitor.heapBytes();
    boolean uncertain = upper > firstThresholdBytes;
    if ((paused || uncertain) && !collecting && monitor.nanosSinceFullCollection() > COLLECT_AT_MOST_EVERY_NANOS) {
      collecting = true;
      vertx.executeBlocking(() -> {
        System.gc();
        return null;
      }, false).onComplete(ar -> collecting = false);
    }
    long seen = uncertain ? monitor.fullCollections() : monitor.collections();
    long measured = uncertain ? monitor.liveHeapBytes() : upper;
    if (measured >= 0 && (seen != reportedCollections || now - reportedAt >= TICK_NANOS)) {
      reportedCollections = seen;
      reportedAt = now;
      outcomes.accept(new MemoryMeasured(measured));
    }
  }

  /** Writes a value the state chose to spill, off the event loop and after those chosen before; the outcome comes back as a stimulus. */
  void spill(Spill s) {
    int gen = generation;
    SpillFiles target = files;
    UploadedJars.Generation with = classes.get();
    // Ordered: one write at a time, so that spilling holds one serialized copy, not one per value chosen.
    vertx.executeBlocking(() -> target.write(s.id(), s.value(), with.serializer()), true).onComplete(ar -> {
      if (gen != generation) {
        return;
      }
      if (ar.succeeded()) {
        outcomes.accept(new SpillDone(s.key(), s.id(), ar.result()));
        return;
      }
      boolean disk = !(ar.cause() instanceof SpillFiles.SpillException e) || e.disk;
      String reason = String.valueOf(ar.cause().getMessage());
      if (failureLog.due()) {
        LOG.log(Level.WARNING, "worker " + config.workerId() + " could not spill " + s.key() + ": " + reason
            + (disk ? "; values stay in memory" : "; this value stays in memory"));
      }
      outcomes.accept(new SpillFailed(s.key(), s.id(), reason, disk));
    });
  }

  /** Deletes a released value's spill file. */
  void delete(DeleteSpill d) {
    files.delete(d.id());
  }

  /** {@code value} itself, or read back from its spill file when it is a {@link SpilledValue}. Blocking. */
  Object resolve(Object value, UploadedJars.Generation with) {
    return value instanceof SpilledValue s ? files.readValue(s.id(), with.serializer(), with.loader()) : value;
  }

  /** The serialized bytes of a spilled value, as written (no need to read the value itself to send it). Blocking. */
  byte[] serialized(SpilledValue s) {
    return files.readSerialized(s.id());
  }

  /** Bytes read back from spill files since the worker started. */
  long readBytes() {
    return readBefore + files.readBytes();
  }

  /** The worker starts clean: every spill file goes, and writes under way report nothing. */
  void clear() {
    generation++;
    SpillFiles old = files;
    readBefore += old.readBytes();
    files = newFiles();
    vertx.executeBlocking(() -> {
      old.close();
      return null;
    }, false);
  }

  /** Stops looking at memory and removes every spill file. Blocking (the worker is stopping). */
  void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (monitor != null) {
      monitor.close();
    }
    files.close();
  }
}
