package dev.weft.protocol;

import java.util.List;

/**
 * A client asks that its erred {@code keys} be computed again (dask's {@code retry}): the erred
 * tasks they stem from go back to waiting, and with them every erred task downstream.
 */
public record RetryKeys(String clientId, List<String> keys) implements ToScheduler {}
