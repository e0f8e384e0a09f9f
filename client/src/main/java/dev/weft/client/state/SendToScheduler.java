package dev.weft.client.state;

import dev.weft.protocol.ToScheduler;

/**
 * Send {@code message} to the scheduler, after the messages of earlier effects.
 *
 * @param <H> the type of the handles of the futures (unused: this effect names none)
 * @param message the message
 */
public record SendToScheduler<H>(ToScheduler message) implements ClientEffect<H> {}
