package dev.weft.protocol.state;

/**
 * One logged transition: which key, which edge, the id of the stimulus that caused it (shared by
 * scheduler and worker when one caused the other, so their stories join) and when.
 */
public record TransitionRecord<S extends Enum<S>>(String key, S from, S to, String stimulus, long millis) {
  @Override
  public String toString() {
    return key + " " + from + "->" + to + " " + stimulus + " @" + millis;
  }
}
