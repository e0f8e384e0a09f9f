package dev.weft.protocol;

/**
 * A running task seceded from its worker's thread pool (it waits on other tasks): the scheduler
 * stops counting it against the worker's threads.
 */
public record LongRunning(String workerId, String key) implements ToScheduler {}
