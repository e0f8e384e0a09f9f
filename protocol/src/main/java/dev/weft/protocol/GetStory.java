package dev.weft.protocol;

/**
 * The scheduler asks a worker for its logged moves of {@code key} (a request, answered by a
 * {@link Story}), to join them with its own: dask's {@code story} across the cluster.
 */
public record GetStory(String key) implements ToWorker {}
