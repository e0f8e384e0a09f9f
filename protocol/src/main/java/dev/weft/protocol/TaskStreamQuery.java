package dev.weft.protocol;

/** Asks the scheduler for the tasks that finished at or after {@code sinceMillis} (epoch ms). */
public record TaskStreamQuery(long sinceMillis) implements ToScheduler {}
