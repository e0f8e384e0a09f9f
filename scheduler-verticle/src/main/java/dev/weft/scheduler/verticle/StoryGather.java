package dev.weft.scheduler.verticle;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.GetStory;
import dev.weft.protocol.Message;
import dev.weft.protocol.Story;
import dev.weft.protocol.state.TransitionRecord;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.scheduler.state.TaskStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Answers STORY as dask's {@code Client.story}: the scheduler's moves of a key joined with every
 * worker's ({@link GetStory}, sent from the scheduler's node), one line each, ordered by time —
 * {@code "<who> FROM->TO <stimulus id> @<millis>"}. A stimulus id on both sides shows what caused
 * what (the scheduler's {@code UpdateGraph-7} on the worker's RELEASED->WAITING; the worker's
 * {@code w1:ExecuteSucceeded-3} on the scheduler's PROCESSING->MEMORY). A worker that does not
 * answer within {@link #TIMEOUT_MILLIS} is named at the end instead of holding the answer up.
 */
final class StoryGather {

  /** How long a worker may take to answer. */
  static final long TIMEOUT_MILLIS = 5_000;

  private StoryGather() {}

  /** The joined story of {@code key}: {@code own} (the scheduler's records) and each of {@code workers}'. */
  static Future<Story> gather(Vertx vertx, String nodeId, List<String> workers, String key,
      List<TransitionRecord<TaskStatus>> own) {
    List<Future<List<String>>> replies = new ArrayList<>();
    for (String worker : workers) {
      replies.add(vertx.eventBus().<Message>request(Addresses.worker(worker), new GetStory(key),
              WireCodec.options(nodeId).setSendTimeout(TIMEOUT_MILLIS))
          .map(m -> m.body() instanceof Story s ? s.transitions() : List.of(worker + " answered " + m.body().getClass().getSimpleName()))
          .otherwise(e -> List.of(worker + " did not answer: " + e.getMessage())));
    }
    return Future.join(replies).map(all -> {
      List<String> lines = new ArrayList<>();
      for (TransitionRecord<TaskStatus> r : own) {
        lines.add(r.storyLine("scheduler"));
      }
      replies.forEach(f -> lines.addAll(f.result()));
      lines.sort(Comparator.comparingLong(StoryGather::millis));
      return new Story(key, lines);
    });
  }

  /** The time a line ends with ({@code @<millis>}); lines without one sort last. */
  private static long millis(String line) {
    int at = line.lastIndexOf(" @");
    try {
      return at < 0 ? Long.MAX_VALUE : Long.parseLong(line.substring(at + 2));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
