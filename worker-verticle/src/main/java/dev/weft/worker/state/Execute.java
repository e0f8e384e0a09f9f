package dev.weft.worker.state;

import dev.weft.protocol.TaskSpec;
import java.util.Map;

/**
 * Run {@code spec} on a task thread, with the values of its dependencies.
 *
 * @param queued whether the run waits on the task threads until a running task ends, and then takes
 *     that thread (every slot was busy with short runs), rather than taking a thread now
 */
public record Execute(String key, TaskSpec spec, Map<String, Object> dependencies, boolean queued)
    implements Instruction {

  /** A run that takes a thread now. */
  public Execute(String key, TaskSpec spec, Map<String, Object> dependencies) {
    this(key, spec, dependencies, false);
  }
}
