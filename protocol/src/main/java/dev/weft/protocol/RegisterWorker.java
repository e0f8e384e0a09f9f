package dev.weft.protocol;

import java.util.Map;

/** A worker joins (a request; the scheduler answers {@link Ack}). */
public record RegisterWorker(
    String workerId, int nthreads, long memoryLimit, Map<String, Double> resources)
    implements ToScheduler {}
