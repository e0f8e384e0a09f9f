package dev.weft.protocol;

/**
 * Where to collect one large value that a worker would not put in an event-bus message: connect
 * to {@code host}:{@code port} (the worker's data channel), send {@code token} (ASCII, once; it
 * expires if unused), and read exactly {@code length} bytes, the value serialized by the cluster's
 * {@link ValueSerializer}.
 */
public record DataTicket(String host, int port, String token, long length) {}
