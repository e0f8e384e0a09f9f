package dev.weft.protocol;

/** A worker leaves the cluster. */
public record WorkerGoodbye(String workerId) implements ToScheduler {}
