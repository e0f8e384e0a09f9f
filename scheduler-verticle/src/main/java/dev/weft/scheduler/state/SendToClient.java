package dev.weft.scheduler.state;

import dev.weft.protocol.ToClient;

/** Send {@code message} to the client {@code clientId}. */
public record SendToClient(String clientId, ToClient message) implements Effect {}
