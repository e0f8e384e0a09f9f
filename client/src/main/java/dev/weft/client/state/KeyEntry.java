package dev.weft.client.state;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One key a client holds futures on: its outcome and the futures on it.
 *
 * @param <H> the type of the handles of the futures
 */
final class KeyEntry<H> {

  /** The key's outcome as last reported by the scheduler or decided by the client; never null. */
  Outcome outcome;
  /** The futures on the key, in the order they were made; never empty while the entry is tracked. */
  final Set<H> handles = new LinkedHashSet<>();

  KeyEntry(Outcome outcome) {
    this.outcome = outcome;
  }

  /** A copy of the handles, for an effect. */
  List<H> handleList() {
    return List.copyOf(handles);
  }
}
