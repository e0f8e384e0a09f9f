package dev.weft.worker.state;

/**
 * Spill file {@code id} of {@code key} could not be written (and is gone): {@code reason} says why.
 * {@code disk} when the local directory is at fault (unwritable, full, or the spill bound reached):
 * the worker stops spilling for a while; otherwise the value itself cannot be written (it cannot
 * be serialized) and stays in memory for good.
 */
public record SpillFailed(String key, long id, String reason, boolean disk) implements WorkerStimulus {}
