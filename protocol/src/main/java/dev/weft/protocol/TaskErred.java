package dev.weft.protocol;

/**
 * A task's function threw on a worker; {@code stimulusId} names the worker stimulus that saw it
 * (see {@link TaskFinished}).
 */
public record TaskErred(
    String workerId, String key, RemoteError error, long startMillis, long stopMillis, String stimulusId)
    implements ToScheduler {}
