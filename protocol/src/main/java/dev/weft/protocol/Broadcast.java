package dev.weft.protocol;

/**
 * Client {@code clientId} asks the scheduler to run {@code function} (a {@link TaskFunction}
 * called with no arguments) once on every worker (dask's {@code client.run}, which the scheduler
 * broadcasts). A request: the scheduler sends each worker a {@link RunFunction} and answers with
 * {@link RunResults}, or refuses it when "run" is one of its blocked handlers. The scheduler
 * forwards the function's bytes without deserializing them.
 */
public record Broadcast(String clientId, Payload function) implements ToScheduler {}
