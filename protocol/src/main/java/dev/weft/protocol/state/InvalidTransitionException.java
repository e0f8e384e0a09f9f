package dev.weft.protocol.state;

import java.util.List;

/** A transition that the table does not declare was requested: a bug in the state machine. */
public final class InvalidTransitionException extends IllegalStateException {
  /** Creates the exception with the key's story for diagnosis. */
  public InvalidTransitionException(String key, Enum<?> from, Enum<?> to, List<? extends TransitionRecord<?>> story) {
    super("no transition " + from + "->" + to + " for " + key + "; story: " + story);
  }
}
