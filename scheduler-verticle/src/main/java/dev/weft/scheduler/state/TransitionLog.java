package dev.weft.scheduler.state;

import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} transitions, oldest overwritten first. */
final class TransitionLog {

  /** Ring storage; slot {@code count % capacity} is written next. */
  private final TransitionRecord[] ring;
  /** Transitions ever recorded; only grows. */
  private long count;

  TransitionLog(int capacity) {
    this.ring = new TransitionRecord[Math.max(1, capacity)];
  }

  void add(TransitionRecord record) {
    ring[(int) (count % ring.length)] = record;
    count++;
  }

  /** Every retained record about {@code key}, oldest first. */
  List<TransitionRecord> story(String key) {
    List<TransitionRecord> out = new ArrayList<>();
    long start = Math.max(0, count - ring.length);
    for (long i = start; i < count; i++) {
      TransitionRecord r = ring[(int) (i % ring.length)];
      if (r.key().equals(key)) {
        out.add(r);
      }
    }
    return out;
  }
}
