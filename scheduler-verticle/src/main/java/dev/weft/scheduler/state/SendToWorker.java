package dev.weft.scheduler.state;

import dev.weft.protocol.ToWorker;

/** Send {@code message} to the worker {@code workerId}. */
public record SendToWorker(String workerId, ToWorker message) implements Effect {}
