package dev.weft.protocol;

/**
 * A client announces itself; the scheduler then tracks what it wants. {@code nodeId} is the
 * client's cluster node: when that node leaves the cluster, the client's wants are released.
 */
public record ClientHello(String clientId, String nodeId) implements ToScheduler {}
