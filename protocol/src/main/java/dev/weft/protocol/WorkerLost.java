package dev.weft.protocol;

/**
 * A worker's process died (seen by its nanny): remove it at once, its tasks count it as a death.
 * Accepted only on {@link Addresses#SCHEDULER_LOCAL}, from the scheduler's own JVM.
 */
public record WorkerLost(String workerId, String reason) implements ToScheduler {}
