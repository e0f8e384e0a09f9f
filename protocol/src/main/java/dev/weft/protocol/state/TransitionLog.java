package dev.weft.protocol.state;

import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} transitions, oldest overwritten first. */
final class TransitionLog<S extends Enum<S>> {

  /** Ring storage; slot {@code count % capacity} is written next. */
  private final Object[] ring;
  /** Transitions ever recorded; only grows. */
  private long count;

  TransitionLog(int capacity) {
    this.ring = new Object[Math.max(1, capacity)];
  }

  void add(TransitionRecord<S> record) {
    ring[(int) (count % ring.length)] = record;
    count++;
  }

  /** Every retained record about {@code key}, oldest first. */
  @SuppressWarnings("unchecked")
  List<TransitionRecord<S>> story(String key) {
    List<TransitionRecord<S>> out = new ArrayList<>();
    long start = Math.max(0, count - ring.length);
    for (long i = start; i < count; i++) {
      TransitionRecord<S> r = (TransitionRecord<S>) ring[(int) (i % ring.length)];
      if (r.key().equals(key)) {
        out.add(r);
      }
    }
    return out;
  }
}
