package dev.weft.protocol;

/**
 * Every event-bus body Weft sends. Messages are immutable records (their collections are handed
 * over, never mutated after sending), so inside one JVM they travel by reference; between JVMs
 * {@link dev.weft.protocol.wire.WireCodec} writes them in a compact binary form.
 */
public sealed interface Message permits ToScheduler, ToWorker, ToClient, Reply, Batch, LoggedEvent {}
