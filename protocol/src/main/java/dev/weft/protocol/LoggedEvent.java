package dev.weft.protocol;

/**
 * One event of an event topic, logged at {@code timeMillis} (the scheduler's clock): sent to each
 * subscriber of {@code topic} at {@link Addresses#clientEvents}, and listed by {@link TopicEvents}.
 */
public record LoggedEvent(String topic, long timeMillis, Payload message) implements Message {}
