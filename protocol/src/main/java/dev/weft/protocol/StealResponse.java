package dev.weft.protocol;

/**
 * Worker {@code workerId}'s answer to a {@link StealRequest} for {@code key}: {@code stolen} when
 * it released the task unstarted (the scheduler then sends it to the thief), else the task stays
 * here; {@code state} is the task's state on the worker when asked ("ready", "executing", …,
 * "unknown").
 */
public record StealResponse(String workerId, String key, boolean stolen, String state) implements ToScheduler {}
