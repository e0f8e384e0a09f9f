package dev.weft.protocol.state;

/**
 * One logged transition: which key, which edge, the id of the stimulus that caused it (shared by
 * scheduler and worker when one caused the other, so their stories join) and when.
 */
public record TransitionRecord<S extends Enum<S>>(String key, S from, S to, String stimulus, long millis) {
  /**
   * This record as one line of a joined story, {@code "<who> FROM->TO <stimulus id> @<millis>"}
   * ({@code who}: "scheduler" or a worker's name); the scheduler merges lines by the time at the end.
   */
  public String storyLine(String who) {
    return who + " " + from + "->" + to + " " + stimulus + " @" + millis;
  }

  @Override
  public String toString() {
    return storyLine(key);
  }
}
