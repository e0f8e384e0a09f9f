package dev.weft.worker.state;

/**
 * When a worker spills and pauses, as fractions of its memory limit (dask's
 * {@code distributed.worker.memory.*}; a fraction of 0 turns that step off), and where spill files go.
 *
 * @param target spill the least recently used values while managed memory (the values held in
 *     memory) is above this (dask: 0.6)
 * @param spill spill while the measured process memory is above this, down to {@code target}
 *     (dask: 0.7)
 * @param pause run and fetch nothing new while the measured process memory is above this (dask: 0.8)
 * @param ownJvm whether the worker has its JVM to itself: only then is its process memory
 *     measured; otherwise (in-process workers sharing a heap) it is taken to be the managed memory
 * @param localDirectory the directory under which the worker makes its own directory for spill
 *     files (dask's {@code local-directory}; default the system's temporary directory)
 * @param maxSpillBytes how many bytes of spill files the worker may keep (0: no bound; dask's
 *     {@code max-spill}); beyond it values stay in memory as when the disk is full
 */
public record MemorySettings(
    double target, double spill, double pause, boolean ownJvm, String localDirectory, long maxSpillBytes) {

  /** dask's defaults for a worker sharing its JVM, spilling under the system's temporary directory. */
  public static final MemorySettings DEFAULT =
      new MemorySettings(0.6, 0.7, 0.8, false, System.getProperty("java.io.tmpdir"), 0);

  /** Checks each fraction is in 0..1, the directory is given and the bound is not negative. */
  public MemorySettings {
    check(target, "target");
    check(spill, "spill");
    check(pause, "pause");
    if (localDirectory == null || localDirectory.isBlank()) {
      throw new IllegalArgumentException("localDirectory must be a directory, got " + localDirectory);
    }
    if (maxSpillBytes < 0) {
      throw new IllegalArgumentException("maxSpill must be >= 0 (0: no bound), got " + maxSpillBytes);
    }
  }

  private static void check(double fraction, String name) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("memory " + name + " must be a fraction in 0..1 (0: off), got " + fraction);
    }
  }

  /** These settings for a worker with (or without) a JVM of its own. */
  public MemorySettings withOwnJvm(boolean own) {
    return new MemorySettings(target, spill, pause, own, localDirectory, maxSpillBytes);
  }
}
