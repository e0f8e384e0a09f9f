package dev.weft.protocol;

import java.util.List;

/** The client dropped its last future on each of these keys. */
public record ReleaseKeys(String clientId, List<String> keys) implements ToScheduler {}
