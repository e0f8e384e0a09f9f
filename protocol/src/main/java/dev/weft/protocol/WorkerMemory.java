package dev.weft.protocol;

/**
 * A worker's memory as its heartbeat reports it (dask's managed / unmanaged / spilled split).
 *
 * @param managedBytes bytes of the values it holds in memory (exact for arrays and buffers, the
 *     serialized size once known, an estimate otherwise)
 * @param processBytes the memory it uses as measured: for a worker with a JVM of its own, its heap
 *     in use after garbage collection (the memory limit is that heap; the JVM's own memory comes on
 *     top); for a worker inside another program's JVM, its managed bytes (the heap is shared)
 * @param spilledBytes bytes of the values it holds on disk (as written, after compression)
 * @param spilledKeys how many values it holds on disk
 * @param spillWrittenBytes bytes written to spill files since it started (only grows)
 * @param spillReadBytes bytes read back from spill files since it started (only grows)
 * @param paused whether it is paused (runs and fetches nothing new)
 * @param pauseReason why it is paused (memory, or a local directory it cannot write); empty when running
 */
public record WorkerMemory(
    long managedBytes, long processBytes, long spilledBytes, int spilledKeys, long spillWrittenBytes,
    long spillReadBytes, boolean paused, String pauseReason) {

  /** Nothing held, nothing spilled, running. */
  public static final WorkerMemory EMPTY = new WorkerMemory(0, 0, 0, 0, 0, 0, false, "");

  /** A running worker holding {@code managedBytes} in memory, its process measured at that, nothing spilled. */
  public static WorkerMemory managed(long managedBytes) {
    return new WorkerMemory(managedBytes, managedBytes, 0, 0, 0, 0, false, "");
  }

  /** Process memory that is not managed values (dask's "unmanaged"), never negative. */
  public long unmanagedBytes() {
    return Math.max(0, processBytes - managedBytes);
  }
}
