package dev.weft.protocol;

/**
 * A client is alive (a request, answered by {@link HeartbeatReply}): a client silent for longer
 * than the scheduler's client TTL is removed and its wants released.
 */
public record ClientHeartbeat(String clientId) implements ToScheduler {}
