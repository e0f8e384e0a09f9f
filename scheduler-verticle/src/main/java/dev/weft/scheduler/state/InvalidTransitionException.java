package dev.weft.scheduler.state;

import java.util.List;

/** A transition that the table does not declare was requested: a scheduler bug. */
public final class InvalidTransitionException extends IllegalStateException {
  /** Creates the exception with the key's story for diagnosis. */
  public InvalidTransitionException(String key, TaskStatus from, TaskStatus to, List<TransitionRecord> story) {
    super("no transition " + from + "->" + to + " for " + key + "; story: " + story);
  }
}
