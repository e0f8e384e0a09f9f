package dev.weft.worker.state;

import dev.weft.protocol.ToScheduler;

/** Send {@code message} to the scheduler. */
public record SendToScheduler(ToScheduler message) implements Instruction {}
