package dev.weft.protocol;

/**
 * One execution of a task, as the dashboard's task stream draws it.
 *
 * @param key the task's key
 * @param prefix the function's name (the colour on the dashboard)
 * @param worker the worker that ran it
 * @param lane which of the worker's threads it occupied, 0 to nthreads - 1
 * @param startMillis when it started (epoch ms)
 * @param stopMillis when it stopped (epoch ms)
 * @param ok false when the function threw
 */
public record TaskRun(
    String key, String prefix, String worker, int lane, long startMillis, long stopMillis, boolean ok) {}
