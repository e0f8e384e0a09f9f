package dev.weft.protocol;

import java.util.List;

/**
 * The answer to {@link QueryKind#ADAPTIVE_TARGET} (dask's {@code adaptive_target} and
 * {@code workers_to_close}).
 *
 * @param target how many workers the work in sight asks for: the expected run time of the tasks
 *     processing and waiting, over the target duration, per thread; when that is fewer than the
 *     workers there are, the workers there are less those that may close
 * @param toClose the idle workers (processing nothing) that may close now, fewest bytes held first,
 *     as long as the others' memory limits stay at least twice the bytes held
 * @param retireOrder every running worker in the order to retire them when scaling down: idle ones
 *     first, then fewest tasks processing, then fewest bytes held
 */
public record AdaptiveTarget(int target, List<String> toClose, List<String> retireOrder) implements Reply {}
