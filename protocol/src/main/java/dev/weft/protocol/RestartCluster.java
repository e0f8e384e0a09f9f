package dev.weft.protocol;

/**
 * A client asks for a restart (dask's {@code Client.restart}): every future of every client is
 * cancelled with reason {@link KeyCancelled#SCHEDULER_RESTART}, every task forgotten, and every
 * worker told to start again ({@link RestartWorker}).
 */
public record RestartCluster(String clientId) implements ToScheduler {}
