package dev.weft.protocol;

/**
 * Run order, smallest first: higher user priority, then earlier submission generation, then
 * graph order (a depth-first order that finishes branches before starting new ones).
 */
public record Priority(int user, long generation, long order) implements Comparable<Priority> {

  @Override
  public int compareTo(Priority o) {
    int c = Integer.compare(o.user, user);
    if (c != 0) {
      return c;
    }
    c = Long.compare(generation, o.generation);
    return c != 0 ? c : Long.compare(order, o.order);
  }
}
