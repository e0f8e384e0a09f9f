package dev.weft.client;

import java.util.Set;

/**
 * The outcome of {@link Client#waitFor(java.util.Collection, ReturnWhen)}: the futures that were
 * done when the wait ended and those that were not (dask's {@code DoneAndNotDoneFutures}). Both
 * sets are unmodifiable, keep the order the futures were given in, and together hold each given
 * future once (futures are compared by identity).
 *
 * @param <T> the type of the futures' values
 * @param done futures finished, erred or cancelled
 * @param notDone the others
 */
public record DoneAndNotDone<T>(Set<TaskFuture<T>> done, Set<TaskFuture<T>> notDone) {}
