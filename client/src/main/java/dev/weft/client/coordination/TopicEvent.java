package dev.weft.client.coordination;

import java.time.Instant;

/**
 * One event of an event topic (dask's {@code (timestamp, msg)}), logged by a client's
 * {@code logEvent} or by the scheduler itself (see the README's event topics).
 *
 * @param topic its topic
 * @param time when the scheduler logged it
 * @param message what was logged
 */
public record TopicEvent(String topic, Instant time, Object message) {}
