package dev.weft.protocol;

import java.util.List;

/**
 * The answer to {@link RetireWorkers}: the workers that are now empty and may be closed without
 * losing a value, in the order asked; the others named stay running.
 */
public record Retired(List<String> workerIds) implements Reply {}
