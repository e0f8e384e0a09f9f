package dev.weft.client;

/** When {@link Client#waitFor(java.util.Collection, ReturnWhen)} completes (dask's {@code return_when}). */
public enum ReturnWhen {
  /** Once every future is done (finished, erred or cancelled). */
  ALL_COMPLETED,
  /** Once at least one future is done. */
  FIRST_COMPLETED
}
