package dev.weft.protocol;

import java.util.List;

/**
 * The scheduler no longer needs these keys on this worker: drop their values and tasks.
 * {@code stimulusId} names the scheduler stimulus that freed them (see {@link ComputeTask}). With
 * {@code interrupt} (a forced cancel released them), the thread of any of these tasks still running
 * here is interrupted too; its outcome is dropped either way.
 */
public record FreeKeys(List<String> keys, String stimulusId, boolean interrupt) implements ToWorker {

  /** Frees keys without interrupting their runs. */
  public FreeKeys(List<String> keys, String stimulusId) {
    this(keys, stimulusId, false);
  }
}
