package dev.weft.protocol;

/**
 * The scheduler would move task {@code key} from this worker to an idle one (dask's
 * {@code steal-request}). The worker gives it up only if it has not started it — still waiting
 * for dependencies or for a thread — and answers with a {@link StealResponse} either way.
 */
public record StealRequest(String key) implements ToWorker {}
