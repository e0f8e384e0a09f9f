package dev.weft.worker.state;

/**
 * The worker's process memory as measured after a garbage collection: heap still in use plus the
 * JVM's non-heap memory. Sent only by a worker with a JVM of its own.
 */
public record MemoryMeasured(long processBytes) implements WorkerStimulus {}
