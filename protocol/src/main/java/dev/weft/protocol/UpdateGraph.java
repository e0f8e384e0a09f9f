package dev.weft.protocol;

import java.util.List;

/**
 * New tasks from a client, in one message however many there are. {@code tasks} lists each task
 * after its dependencies that are also in the message; {@code wanted} are the keys the client
 * holds futures for (a key the scheduler already knows only gains the want).
 */
public record UpdateGraph(String clientId, List<TaskSpec> tasks, List<String> wanted)
    implements ToScheduler {

  /**
   * The pseudo-client of {@code fireAndForget}: its wants keep a task alive until it is done,
   * then lapse by themselves.
   */
  public static final String FIRE_AND_FORGET = "fire-and-forget";
}
