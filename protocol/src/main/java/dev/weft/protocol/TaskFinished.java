package dev.weft.protocol;

/**
 * A task ran to completion on a worker, which keeps its value. {@code inline} carries the value
 * itself when it is cheap to forward (always inside one JVM), or is null. {@code stimulusId} names
 * the worker stimulus that finished it; the scheduler logs its moves under it.
 */
public record TaskFinished(
    String workerId, String key, long nbytes, String type, long startMillis, long stopMillis,
    Payload inline, String stimulusId)
    implements ToScheduler {}
