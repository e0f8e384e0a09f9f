package dev.weft.client;

import java.util.Map;

/** The scheduler's address, its workers by name, and its tasks counted by state. */
public record SchedulerInfo(String address, Map<String, WorkerInfo> workers, Map<String, Long> tasksByState) {

  /** Total threads over all workers. */
  public int cores() {
    return workers.values().stream().mapToInt(WorkerInfo::nthreads).sum();
  }

  /** Tasks the scheduler knows. */
  public long tasks() {
    return tasksByState.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public String toString() {
    return "<Scheduler: \"" + address + "\" workers: " + workers.size() + " cores: " + cores()
        + ", tasks: " + tasks() + ">";
  }
}
