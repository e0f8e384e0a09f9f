package dev.weft.protocol;

/**
 * A worker paused (its memory passed the pause threshold, or it cannot write spill files) or
 * resumed, sent as soon as it happens: a paused worker runs and fetches nothing new, so the
 * scheduler sends it no new tasks and moves its queued ones elsewhere. {@code reason} says why it
 * paused (empty when resuming).
 */
public record WorkerStatusChange(String workerId, boolean paused, String reason) implements ToScheduler {}
