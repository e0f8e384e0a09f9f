package dev.weft.client;

import java.time.Instant;

/**
 * One execution of a task, as {@link Client#getTaskStream} reports it (dask's task-stream
 * records).
 *
 * @param key the task's key
 * @param prefix the function's name
 * @param worker the worker that ran it
 * @param thread which of the worker's threads it occupied, 0 to nthreads - 1
 * @param start when it started
 * @param stop when it stopped
 * @param ok false when the function threw
 */
public record TaskRecord(String key, String prefix, String worker, int thread, Instant start, Instant stop, boolean ok) {}
