package dev.weft.protocol;

/** {@code workerId} asked {@code errantWorker} for {@code key}, which it no longer has. */
public record MissingData(String workerId, String key, String errantWorker) implements ToScheduler {}
