package dev.weft.protocol;

import java.util.List;

/** The scheduler no longer needs these keys on this worker: drop their values and tasks. */
public record FreeKeys(List<String> keys) implements ToWorker {}
