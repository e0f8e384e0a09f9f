package dev.weft.scheduler.state;

/** One edge of the scheduler's transition table. */
public record Transition(TaskStatus from, TaskStatus to) {
  @Override
  public String toString() {
    return from + "->" + to;
  }
}
