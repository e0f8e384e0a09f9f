package dev.weft.protocol;

/** A task's function threw on a worker. */
public record TaskErred(
    String workerId, String key, RemoteError error, long startMillis, long stopMillis)
    implements ToScheduler {}
