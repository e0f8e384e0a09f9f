package dev.weft.protocol.state;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} transitions, oldest overwritten first. Kept as columns (one array per
 * field) rather than one record object per transition: a busy scheduler logs several transitions
 * per task, and records that live for a while only to be dropped are what a generational
 * collector copies most. Records are made only when a story is asked for.
 */
final class TransitionLog<S extends Enum<S>> {

  /** Every state, indexed by ordinal: what the {@link #from} and {@link #to} columns name. */
  private final S[] states;
  /** Key of each slot; slot {@code count % capacity} is written next. */
  private final String[] keys;
  /** Ordinal of the state each slot's move left. */
  private final byte[] from;
  /** Ordinal of the state each slot's move reached. */
  private final byte[] to;
  /** Id of the stimulus behind each slot's move. */
  private final String[] stimuli;
  /** Time of each slot's move. */
  private final long[] millis;
  /** Transitions ever recorded; only grows. */
  private long count;

  TransitionLog(S[] states, int capacity) {
    if (states.length > Byte.MAX_VALUE) {
      throw new IllegalArgumentException("too many states for the log: " + states.length);
    }
    int n = Math.max(1, capacity);
    this.states = states;
    this.keys = new String[n];
    this.from = new byte[n];
    this.to = new byte[n];
    this.stimuli = new String[n];
    this.millis = new long[n];
  }

  void add(String key, S from, S to, String stimulus, long millis) {
    int slot = (int) (count % keys.length);
    keys[slot] = key;
    this.from[slot] = (byte) from.ordinal();
    this.to[slot] = (byte) to.ordinal();
    stimuli[slot] = stimulus;
    this.millis[slot] = millis;
    count++;
  }

  /** Every retained record about {@code key}, oldest first. */
  List<TransitionRecord<S>> story(String key) {
    List<TransitionRecord<S>> out = new ArrayList<>();
    long start = Math.max(0, count - keys.length);
    for (long i = start; i < count; i++) {
      int slot = (int) (i % keys.length);
      if (keys[slot].equals(key)) {
        out.add(new TransitionRecord<>(key, states[from[slot]], states[to[slot]], stimuli[slot], millis[slot]));
      }
    }
    return out;
  }
}
