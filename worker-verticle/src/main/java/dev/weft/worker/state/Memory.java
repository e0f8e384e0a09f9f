package dev.weft.worker.state;

import dev.weft.protocol.MemoryLimit;
import dev.weft.protocol.WorkerStatusChange;
import dev.weft.worker.store.DataStore;

/**
 * Keeping a worker within its memory limit (dask's {@code WorkerMemoryManager}): after every
 * stimulus, values are spilled to disk least recently used first while managed memory is above
 * {@code target} or the measured process memory above {@code spill}, and the worker pauses while
 * its process memory is above {@code pause}, while the values it holds pass {@code spill} with
 * some still being written (disk slower than tasks: dask's synchronous spilling holds tasks back
 * likewise) — or while it needs to spill and cannot write (an
 * unwritable or full local directory: values then stay in memory; writing is tried again after
 * {@link #RETRY_DISK_MILLIS}). Pausing and resuming are told to the scheduler at once.
 */
final class Memory {

  /** How long after a failed spill writing is tried again. */
  static final long RETRY_DISK_MILLIS = 5_000;

  /** The shared tables. */
  private final WorkerTables t;
  /** The last measured memory (the heap in use after a collection); 0 before the first. */
  private long measuredBytes;
  /** True when a measurement arrived that no spilling decision has used yet. */
  private boolean freshMeasurement;
  /** Why the last spill failed, or null when writing works (or was not tried); cleared by a spill that succeeds. */
  private String diskTrouble;
  /** When writing last failed (stimulus time); meaningful while {@link #diskTrouble} is set. */
  private long diskTroubleAt;
  /** Bytes written to spill files since start; only grows. */
  long spillWrittenBytes;

  Memory(WorkerTables t) {
    this.t = t;
  }

  /** A new measurement of the process memory. */
  void measured(MemoryMeasured m) {
    measuredBytes = m.processBytes();
    freshMeasurement = true;
  }

  /** A spill file was written: its value leaves memory, or the file goes when the value was dropped meanwhile. */
  void spilled(SpillDone m) {
    diskTrouble = null;
    if (t.store.spilled(m.key(), m.id(), m.diskBytes())) {
      spillWrittenBytes += m.diskBytes();
    } else {
      t.instruct(new DeleteSpill(m.id()));
    }
  }

  /**
   * A spill file could not be written: its value stays in memory; when the disk is at fault,
   * writing pauses for a while, else the value is never tried again.
   */
  void spillFailed(SpillFailed m) {
    t.store.spillFailed(m.key(), m.id(), !m.disk());
    if (m.disk()) {
      diskTrouble = m.reason();
      diskTroubleAt = t.engine.now();
    }
  }

  /** The memory the worker's process uses as far as it knows: the measurement, or the managed bytes when larger or unmeasured. */
  long processBytes() {
    long managed = t.store.memoryBytes();
    return t.config.memory().ownJvm() ? Math.max(measuredBytes, managed) : managed;
  }

  /** Why the worker is paused, or null when it runs. */
  String pausedBecause() {
    return t.pausedBecause;
  }

  /** Spills and pauses or resumes as the thresholds say; called at the end of every stimulus. */
  void balance() {
    long limit = t.config.memoryLimit();
    if (limit <= 0) {
      return;
    }
    MemorySettings th = t.config.memory();
    long managed = t.store.memoryBytes();
    long process = processBytes();
    long toFree = 0;
    if (th.target() > 0 && managed > th.target() * limit) {
      toFree = managed - (long) (th.target() * limit);
    }
    if (th.spill() > 0 && freshMeasurement && process > th.spill() * limit) {
      double down = th.target() > 0 ? th.target() : th.spill();
      toFree = Math.max(toFree, process - (long) (down * limit));
    }
    freshMeasurement = false;
    boolean retry = diskTrouble != null && t.engine.now() - diskTroubleAt >= RETRY_DISK_MILLIS;
    if (toFree > 0 && (diskTrouble == null || retry)) {
      if (retry) {
        diskTroubleAt = t.engine.now();
      }
      for (DataStore.ToSpill s : t.store.chooseSpill(toFree)) {
        t.instruct(new Spill(s.key(), s.id(), s.value()));
      }
    }
    String reason = null;
    long backlog = t.store.spillingBytes();
    double backlogAt = th.spill() > 0 ? th.spill() : th.pause();
    if (th.pause() > 0 && process > th.pause() * limit) {
      reason = "memory: " + MemoryLimit.format(process) + " in use is " + percent(process, limit) + " of the "
          + MemoryLimit.format(limit) + " limit (pause at " + percent((long) (th.pause() * limit), limit) + ")";
    } else if (backlog > 0 && backlogAt > 0 && managed > backlogAt * limit) {
      reason = "memory: " + MemoryLimit.format(managed) + " of values held, " + MemoryLimit.format(backlog)
          + " of them waiting to be written to disk";
    } else if (diskTrouble != null && toFree > 0) {
      reason = "cannot write spill files (" + diskTrouble + "): " + MemoryLimit.format(managed)
          + " of values stay in memory";
    }
    if (reason != null && t.pausedBecause == null) {
      t.pausedBecause = reason;
      t.send(new WorkerStatusChange(t.config.workerId(), true, reason));
    } else if (reason == null && t.pausedBecause != null) {
      t.pausedBecause = null;
      t.send(new WorkerStatusChange(t.config.workerId(), false, ""));
    } else if (reason != null) {
      t.pausedBecause = reason;
    }
  }

  private static String percent(long part, long whole) {
    return Math.round(100.0 * part / whole) + "%";
  }
}
