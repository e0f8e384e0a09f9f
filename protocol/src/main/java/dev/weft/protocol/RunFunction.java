package dev.weft.protocol;

/**
 * Run {@code function} (a {@link TaskFunction} called with no arguments) on this worker, outside
 * the task slots, and answer with {@link RunResult} (a request; dask's {@code client.run}).
 */
public record RunFunction(Payload function) implements ToWorker {}
