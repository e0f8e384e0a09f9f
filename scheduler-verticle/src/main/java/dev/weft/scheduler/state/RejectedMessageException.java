package dev.weft.scheduler.state;

/**
 * A message the scheduler refused before changing anything: from a worker or client it does not
 * know, from a node other than the sender's, a name already taken, a message only the scheduler's
 * own JVM may send. Cheap (no stack trace): thrown per bad message.
 */
public final class RejectedMessageException extends RuntimeException {

  /** A short, stable name of the rule broken (for counting and rate-limited logging). */
  private final String kind;

  /** A refusal of kind {@code kind} (e.g. "unknown-worker"), explained by {@code message}. */
  public RejectedMessageException(String kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  /** The rule broken, e.g. "unknown-worker", "name-taken", "wrong-node". */
  public String kind() {
    return kind;
  }
}
