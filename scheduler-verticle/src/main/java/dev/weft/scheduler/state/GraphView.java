package dev.weft.scheduler.state;

import java.util.List;

/**
 * The live task graph, for drawing small graphs; empty and {@code truncated} when the scheduler
 * holds more tasks than were asked for.
 *
 * @param truncated true when the graph was too large to return
 * @param nodes the tasks
 * @param edges dependency → dependent, by key
 */
public record GraphView(boolean truncated, List<Node> nodes, List<List<String>> edges) {

  /**
   * One task of the graph.
   *
   * @param key its key
   * @param prefix its function's name
   * @param status its state
   */
  public record Node(String key, String prefix, TaskStatus status) {}
}
