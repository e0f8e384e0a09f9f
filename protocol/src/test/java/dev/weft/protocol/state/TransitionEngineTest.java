package dev.weft.protocol.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared transition machinery: edges, the recommendations loop, via-routing, counts and the log. */
class TransitionEngineTest {

  private enum State { A, B, C, GONE }

  /** A minimal task. */
  private static final class Task {
    final String key;
    State state = State.A;

    Task(String key) {
      this.key = key;
    }
  }

  private final List<String> moves = new ArrayList<>();
  private final TransitionEngine<Task, State> engine =
      new TransitionEngine<Task, State>(State.class, t -> t.state, t -> t.key, 3)
          .edge(State.A, State.B, (t, cause) -> t.state = State.B)
          .edge(State.B, State.A, (t, cause) -> t.state = State.A)
          .edge(State.A, State.C, (t, cause) -> t.state = State.C)
          .onMove((t, from, to) -> moves.add(t.key + ":" + from + "->" + to));

  @Test
  void aDeclaredEdgeMovesCountsAndLogsUnderTheStimulusId() {
    Task t = new Task("k");
    engine.begin("UpdateGraph-7", 42);
    engine.transition(t, State.B, null);
    assertEquals(State.B, t.state);
    assertEquals(List.of("k:A->B"), moves);
    assertEquals(1L, engine.counts().get(new Transition<>(State.A, State.B)));
    assertEquals(List.of(new TransitionRecord<>("k", State.A, State.B, "UpdateGraph-7", 42)), engine.story("k"));
  }

  @Test
  void anUndeclaredEdgeThrowsWithTheStory() {
    Task t = new Task("k");
    engine.transition(t, State.B, null);
    InvalidTransitionException e = assertThrows(InvalidTransitionException.class,
        () -> engine.transition(t, State.GONE, null));
    assertTrue(e.getMessage().contains("B->GONE") && e.getMessage().contains("A->B"), e.getMessage());
  }

  @Test
  void viaRoutesAMissingEdgeThroughTheMiddleState() {
    engine.via(State.A);
    Task t = new Task("k");
    engine.transition(t, State.B, null);
    engine.transition(t, State.C, null);
    assertEquals(List.of("k:A->B", "k:B->A", "k:A->C"), moves);
  }

  @Test
  void recommendationsRunInOrderUntilNoneAreLeftAndSkipGoneTasks() {
    Task a = new Task("a");
    Task b = new Task("b");
    Task gone = new Task("gone");
    gone.state = State.GONE;
    TransitionEngine<Task, State> chained = new TransitionEngine<Task, State>(State.class, t -> t.state, t -> t.key, 10)
        .onMove((t, from, to) -> moves.add(t.key + ":" + from + "->" + to));
    chained.edge(State.A, State.B, (t, cause) -> {
      t.state = State.B;
      if (t == a) {
        chained.recommend(b, State.B);
      }
    });
    chained.recommend(a, State.B);
    chained.recommend(gone, State.B);
    assertTrue(chained.isRecommended(a));
    chained.settle(t -> t.state == State.GONE, 100);
    assertEquals(List.of("a:A->B", "b:A->B"), moves);
    assertEquals(Map.of(new Transition<>(State.A, State.B), 2L), chained.counts());
  }

  @Test
  void aLoopThatDoesNotSettleIsStopped() {
    Task t = new Task("k");
    TransitionEngine<Task, State> flip = new TransitionEngine<>(State.class, x -> x.state, x -> x.key, 10);
    flip.edge(State.A, State.B, (x, c) -> {
      x.state = State.B;
      flip.recommend(x, State.A);
    });
    flip.edge(State.B, State.A, (x, c) -> {
      x.state = State.A;
      flip.recommend(x, State.B);
    });
    flip.recommend(t, State.B);
    assertThrows(IllegalStateException.class, () -> flip.settle(x -> false, 1000));
    flip.abandon();
    assertTrue(!flip.isRecommended(t));
  }

  @Test
  void theLogKeepsOnlyTheLastRecords() {
    Task t = new Task("k");
    for (int i = 0; i < 5; i++) {
      engine.transition(t, t.state == State.A ? State.B : State.A, null);
    }
    assertEquals(3, engine.story("k").size());
    assertEquals(State.B, engine.story("k").get(2).to());
  }

  @Test
  void aStoryAfterTheLogWrappedHoldsOnlyItsKeysRetainedMovesOldestFirst() {
    Task k = new Task("k");
    Task other = new Task("other");
    engine.begin("s1", 1);
    engine.transition(k, State.B, null);
    engine.begin("s2", 2);
    engine.transition(other, State.C, null);
    engine.begin("s3", 3);
    engine.transition(k, State.A, null);
    engine.begin("s4", 4);
    engine.transition(k, State.C, null);
    assertEquals(List.of(new TransitionRecord<>("k", State.B, State.A, "s3", 3),
        new TransitionRecord<>("k", State.A, State.C, "s4", 4)), engine.story("k"), "the first move was overwritten");
    assertEquals(List.of(new TransitionRecord<>("other", State.A, State.C, "s2", 2)), engine.story("other"));
    assertEquals(List.of(), engine.story("unknown"));
  }

  @Test
  void aSecondRecommendationReplacesTheFirstAndKeepsItsPlace() {
    Task a = new Task("a");
    Task b = new Task("b");
    engine.recommend(a, State.B);
    engine.recommend(b, State.B);
    engine.recommend(a, State.C);
    assertTrue(engine.isRecommended(a));
    engine.settle(t -> false, 10);
    assertEquals(List.of("a:A->C", "b:A->B"), moves, "a first, to its latest target; each once");
    assertTrue(!engine.isRecommended(a) && !engine.isRecommended(b));
  }

  @Test
  void aHugeSettleLeavesTheEngineRecommendingAsBefore() {
    List<Task> many = new ArrayList<>();
    for (int i = 0; i <= TransitionEngine.KEEP_TABLES_UP_TO; i++) {
      Task t = new Task("t" + i);
      many.add(t);
      engine.recommend(t, State.B);
    }
    engine.settle(t -> false, Long.MAX_VALUE);
    assertTrue(many.stream().allMatch(t -> t.state == State.B));
    Task after = new Task("after");
    engine.recommend(after, State.C);
    assertTrue(engine.isRecommended(after));
    engine.settle(t -> false, 10);
    assertEquals(State.C, after.state);
  }
}
