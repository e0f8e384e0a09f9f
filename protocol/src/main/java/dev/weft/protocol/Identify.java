package dev.weft.protocol;

/**
 * The scheduler asks a registering worker's inbox who answers there (a request, answered by
 * {@link WorkerIdentity}): a registration nobody answers for is refused.
 */
public record Identify(String workerId) implements ToWorker {}
