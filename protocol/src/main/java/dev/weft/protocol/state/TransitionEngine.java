package dev.weft.protocol.state;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The transition machinery shared by the scheduler's and the workers' state machines (dask's
 * {@code _transition} / {@code _transitions} loop): a table of edges keyed by from → to, a
 * recommendations loop that applies pending moves until none are left, per-edge counts, and a
 * bounded log whose records carry the id of the stimulus that caused them.
 *
 * <p>An edge is a method that may change the task's state (usually to its target, but it may
 * decline and recommend another instead); the engine reads the state before and after, counts
 * and logs the move, and tells the {@linkplain #onMove observer} so owners can keep counters.
 * Pure: no clock (the time comes with {@link #begin}), no threads; one stimulus at a time.
 *
 * @param <T> the task type of the machine
 * @param <S> its states
 */
public final class TransitionEngine<T, S extends Enum<S>> {

  /** An edge of the table: moves {@code task}, for the given {@code cause} (may be null). */
  @FunctionalInterface
  public interface Edge<T> {
    void apply(T task, Object cause);
  }

  /** Told after every move that changed a task's state. */
  @FunctionalInterface
  public interface Observer<T, S> {
    void moved(T task, S from, S to);
  }

  /** Recommendations pending at once above which the emptied tables are made anew after a settle. */
  static final int KEEP_TABLES_UP_TO = 4096;

  /** Reads a task's current state. */
  private final Function<T, S> statusOf;
  /** Reads a task's key, for the log. */
  private final Function<T, String> keyOf;
  /** Every state, indexed by ordinal. */
  private final S[] states;
  /** The transition table: from → to → edge. */
  private final Map<S, Map<S, Edge<T>>> table;
  /** Moves taken per edge since creation (indexed from × to ordinal). */
  private final long[][] taken;
  /**
   * Pending recommendations of this stimulus: task → target state; exactly the tasks of
   * {@link #recommendationOrder}. Flat tables (no entry object per recommendation): a stimulus may
   * recommend a move for each of a million tasks.
   */
  private IdentityHashMap<T, S> recommendations = new IdentityHashMap<>();
  /** The tasks of {@link #recommendations}, each once, in the order first recommended: the order they are applied. */
  private ArrayDeque<T> recommendationOrder = new ArrayDeque<>();
  /** Most recommendations pending at once since both tables were last made anew. */
  private int mostPending;
  /** The last transitions, for {@link #story}. */
  private final TransitionLog<S> log;
  /** Told of every move; a no-op until {@link #onMove} sets one. */
  private Observer<T, S> observer = (t, from, to) -> { };
  /** State to pass through when no direct edge exists (the scheduler's RELEASED); null for none. */
  private S via;
  /** Id of the current stimulus, written on each logged record. */
  private String stimulusId = "";
  /** Time of the current stimulus. */
  private long now;

  /** An empty table over the states of {@code type}, logging the last {@code logLength} moves. */
  public TransitionEngine(Class<S> type, Function<T, S> statusOf, Function<T, String> keyOf, int logLength) {
    this.statusOf = statusOf;
    this.keyOf = keyOf;
    this.states = type.getEnumConstants();
    this.table = new EnumMap<>(type);
    this.taken = new long[states.length][states.length];
    this.log = new TransitionLog<>(states, logLength);
  }

  /** Declares the edge {@code from → to}. */
  public TransitionEngine<T, S> edge(S from, S to, Edge<T> edge) {
    table.computeIfAbsent(from, f -> new EnumMap<>(from.getDeclaringClass())).put(to, edge);
    return this;
  }

  /** Routes an undeclared {@code from → to} through {@code state} when both halves are declared. */
  public TransitionEngine<T, S> via(S state) {
    this.via = state;
    return this;
  }

  /** Sets the observer told of every move. */
  public TransitionEngine<T, S> onMove(Observer<T, S> observer) {
    this.observer = observer;
    return this;
  }

  /** Starts a stimulus: its id goes on every record it logs, at {@code nowMillis}. */
  public void begin(String stimulusId, long nowMillis) {
    this.stimulusId = stimulusId;
    this.now = nowMillis;
  }

  /** Id of the current (or last) stimulus. */
  public String stimulusId() {
    return stimulusId;
  }

  /** Time of the current (or last) stimulus. */
  public long now() {
    return now;
  }

  /** Asks for {@code task} to move to {@code to} once the current move is done (replaces an earlier ask). */
  public void recommend(T task, S to) {
    if (recommendations.put(task, to) == null) {
      recommendationOrder.add(task);
      mostPending = Math.max(mostPending, recommendationOrder.size());
    }
  }

  /** Whether a move of {@code task} is pending. */
  public boolean isRecommended(T task) {
    return recommendations.containsKey(task);
  }

  /** Drops pending recommendations (a stimulus failed; the next starts clean). */
  public void abandon() {
    recommendations.clear();
    recommendationOrder.clear();
  }

  /**
   * Applies pending recommendations, and those they make, until none are left; a task for which
   * {@code gone} holds is skipped. Throws when more than {@code maxSteps} moves do not settle.
   */
  public void settle(Predicate<T> gone, long maxSteps) {
    long steps = 0;
    while (!recommendationOrder.isEmpty()) {
      T task = recommendationOrder.poll();
      S to = recommendations.remove(task);
      if (!gone.test(task)) {
        transition(task, to, null);
      }
      if (++steps > maxSteps) {
        throw new IllegalStateException("transition loop does not settle after " + maxSteps + " moves");
      }
    }
    if (mostPending > KEEP_TABLES_UP_TO) {
      // A stimulus recommended moves for a huge graph: the tables do not shrink, so make them anew.
      recommendations = new IdentityHashMap<>();
      recommendationOrder = new ArrayDeque<>();
      mostPending = 0;
    }
  }

  /**
   * Moves {@code task} to {@code to} by its declared edge (or through {@link #via}); nothing when it
   * is there already. Throws {@link InvalidTransitionException} for an undeclared move.
   */
  public void transition(T task, S to, Object cause) {
    S from = statusOf.apply(task);
    if (from == to) {
      return;
    }
    Edge<T> edge = table.getOrDefault(from, Map.of()).get(to);
    if (edge == null) {
      if (via != null && from != via && to != via && table.getOrDefault(from, Map.of()).containsKey(via)
          && table.getOrDefault(via, Map.of()).containsKey(to)) {
        transition(task, via, cause);
        if (statusOf.apply(task) == via) {
          transition(task, to, null);
        }
        return;
      }
      throw new InvalidTransitionException(keyOf.apply(task), from, to, log.story(keyOf.apply(task)));
    }
    edge.apply(task, cause);
    S after = statusOf.apply(task);
    if (after != from) {
      taken[from.ordinal()][after.ordinal()]++;
      log.add(keyOf.apply(task), from, after, stimulusId, now);
      observer.moved(task, from, after);
    }
  }

  /** Logs an event that is not a state change (a steal: processing on another worker). */
  public void note(String key, S from, S to, String what) {
    log.add(key, from, to, what + " " + stimulusId, now);
  }

  /** Every declared edge. */
  public List<Transition<S>> declared() {
    List<Transition<S>> out = new ArrayList<>();
    table.forEach((from, tos) -> tos.keySet().forEach(to -> out.add(new Transition<>(from, to))));
    return out;
  }

  /** How often each declared edge has been taken. */
  public Map<Transition<S>, Long> counts() {
    Map<Transition<S>, Long> out = new LinkedHashMap<>();
    for (Transition<S> t : declared()) {
      out.put(t, taken[t.from().ordinal()][t.to().ordinal()]);
    }
    return out;
  }

  /** The logged moves of {@code key}, oldest first. */
  public List<TransitionRecord<S>> story(String key) {
    return log.story(key);
  }
}
