package dev.weft.protocol;

import java.util.List;

/** The events an event topic keeps, oldest first (the answer to {@link TopicRequest.Op#EVENTS}). */
public record TopicEvents(List<LoggedEvent> events) implements Reply {}
