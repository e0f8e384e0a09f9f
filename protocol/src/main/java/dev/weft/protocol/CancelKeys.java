package dev.weft.protocol;

import java.util.List;

/** The client cancels these keys and, for that client, everything depending on them. */
public record CancelKeys(String clientId, List<String> keys) implements ToScheduler {}
