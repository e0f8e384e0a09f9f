package dev.weft.protocol;

/**
 * A worker's process died (seen by its nanny): remove it at once, its tasks count it as a death.
 * Accepted only on {@link Addresses#SCHEDULER_LOCAL}, from the scheduler's own JVM. The
 * {@code reason} is phrased to follow "it", e.g. "was killed by SIGKILL (exit code 137)",
 * "exited after an OutOfMemoryError (the heap of 150 MiB was exhausted)" or "was killed by its
 * nanny: resident memory 250 MiB exceeded 95% of its 256 MiB limit": a task that fails as killed
 * says "The last worker that attempted to run the task was w1; it (reason)."
 */
public record WorkerLost(String workerId, String reason) implements ToScheduler {}
