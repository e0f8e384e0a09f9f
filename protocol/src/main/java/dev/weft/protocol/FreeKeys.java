package dev.weft.protocol;

import java.util.List;

/**
 * The scheduler no longer needs these keys on this worker: drop their values and tasks.
 * {@code stimulusId} names the scheduler stimulus that freed them (see {@link ComputeTask}).
 */
public record FreeKeys(List<String> keys, String stimulusId) implements ToWorker {}
