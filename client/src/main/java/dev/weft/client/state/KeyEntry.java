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
  /**
   * The only future on the key while there is exactly one (nearly always: no set per key); null
   * while there are none or several.
   */
  private H one;
  /** The futures on the key in the order they were made while there are two or more; null otherwise. */
  private Set<H> several;

  KeyEntry(Outcome outcome) {
    this.outcome = outcome;
  }

  /** Adds a future on the key; false if it was there already. */
  boolean add(H handle) {
    if (several != null) {
      return several.add(handle);
    }
    if (one == null) {
      one = handle;
      return true;
    }
    if (one.equals(handle)) {
      return false;
    }
    several = new LinkedHashSet<>();
    several.add(one);
    several.add(handle);
    one = null;
    return true;
  }

  /** Removes a future from the key; false if it was not there. */
  boolean remove(H handle) {
    if (several != null) {
      boolean removed = several.remove(handle);
      if (several.size() == 1) {
        one = several.iterator().next();
        several = null;
      }
      return removed;
    }
    if (one != null && one.equals(handle)) {
      one = null;
      return true;
    }
    return false;
  }

  /** Whether no future is on the key. */
  boolean isEmpty() {
    return one == null && several == null;
  }

  /** How many futures are on the key. */
  int size() {
    return several != null ? several.size() : one == null ? 0 : 1;
  }

  /** A copy of the futures on the key, in the order they were made, for an effect. */
  List<H> handleList() {
    return several != null ? List.copyOf(several) : one == null ? List.of() : List.of(one);
  }
}
