package dev.weft.worker.state;

/**
 * The worker's memory as measured: its heap in use after garbage collection (after a full one
 * when near a threshold, so that garbage does not count). Sent only by a worker with a JVM of its own.
 */
public record MemoryMeasured(long processBytes) implements WorkerStimulus {}
