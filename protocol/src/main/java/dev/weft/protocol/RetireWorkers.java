package dev.weft.protocol;

import java.util.List;

/**
 * Retire these workers gracefully (dask's {@code retire_workers}): they take no new task, their
 * unstarted tasks move to running workers, and every value only they hold is first copied to a
 * running worker ({@link AcquireReplicas}). Answered by {@link Retired} once each named worker
 * holds no unique value and runs nothing, the requester then closes them (a worker that cannot be
 * emptied, because no running worker is left to take its values, is not retired). Names of
 * unknown workers are ignored. Accepted only on {@link Addresses#SCHEDULER_LOCAL}, from the
 * scheduler's own JVM (the local cluster that started the workers).
 */
public record RetireWorkers(List<String> workerIds) implements ToScheduler {}
