package dev.weft.protocol;

import java.util.List;
import java.util.Map;

/**
 * Per-task scheduling options: user {@code priority} (higher runs first), {@code retries} after
 * the function throws, worker restrictions ({@code workers}, loose when
 * {@code allowOtherWorkers}) and abstract {@code resources} the task holds while it runs.
 */
public record TaskOptions(
    int priority, int retries, List<String> workers, boolean allowOtherWorkers,
    Map<String, Double> resources) {

  /** No priority, no retries, no restrictions, no resources. */
  public static final TaskOptions DEFAULT = new TaskOptions(0, 0, List.of(), false, Map.of());
}
