package dev.weft.protocol;

import java.util.List;

/** A peer worker or a client asks a worker for values (a request; answered by {@link DataReply}). */
public record GetData(List<String> keys) implements ToWorker {}
