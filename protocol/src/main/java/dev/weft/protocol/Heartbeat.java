package dev.weft.protocol;

/** A worker is alive; with its current load. */
public record Heartbeat(String workerId, int executing, int ready, long memoryBytes, int storedKeys)
    implements ToScheduler {}
