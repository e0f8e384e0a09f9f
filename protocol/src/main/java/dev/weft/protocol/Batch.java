package dev.weft.protocol;

import java.util.List;

/**
 * Several messages for one inbox, coalesced from one event-loop turn (dask's BatchedSend): one
 * event-bus send instead of many.
 */
public record Batch(List<Message> messages) implements Message {}
