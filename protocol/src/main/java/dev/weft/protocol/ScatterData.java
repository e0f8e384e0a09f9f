package dev.weft.protocol;

import java.util.Map;

/**
 * Client data to place on workers under the given keys: on one worker each, or on every worker
 * when {@code broadcast}. The client wants every key.
 */
public record ScatterData(String clientId, Map<String, Payload> data, boolean broadcast)
    implements ToScheduler {}
