package dev.weft.protocol;

/** A worker's process died (seen by its nanny): remove it at once, its tasks count it as a death. */
public record WorkerLost(String workerId, String reason) implements ToScheduler {}
