package dev.weft.scheduler.state;

import dev.weft.protocol.LoggedEvent;

/** Send {@code event} to the client {@code clientId}, which subscribed to its topic. */
public record PushEvent(String clientId, LoggedEvent event) implements Effect {}
