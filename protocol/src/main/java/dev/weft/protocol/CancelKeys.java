package dev.weft.protocol;

import java.util.List;

/**
 * The client cancels these keys and, for that client, everything depending on them. With
 * {@code force} ({@code java.util.concurrent.Future}'s {@code mayInterruptIfRunning}), a task the
 * scheduler releases because of this cancel while it runs has its thread interrupted on its worker;
 * a task another client still wants goes on untouched either way.
 */
public record CancelKeys(String clientId, List<String> keys, boolean force) implements ToScheduler {

  /** A cancel that interrupts nothing (dask's, which lets running tasks finish). */
  public CancelKeys(String clientId, List<String> keys) {
    this(clientId, keys, false);
  }
}
