package dev.weft.protocol;

import java.util.List;

/** A read-only request to the scheduler; {@code keys} narrows WHO_HAS (empty: all keys). */
public record Query(QueryKind kind, List<String> keys) implements ToScheduler {}
