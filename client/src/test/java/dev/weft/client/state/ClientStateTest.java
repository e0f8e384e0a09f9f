package dev.weft.client.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.FutureStatus;
import dev.weft.protocol.CancelKeys;
import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.Payload;
import dev.weft.protocol.ReleaseKeys;
import dev.weft.protocol.RemoteError;
import dev.weft.protocol.RetryKeys;
import dev.weft.protocol.ScatterData;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.ToScheduler;
import dev.weft.protocol.UpdateGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ClientState} without a cluster: stimuli in, effects out. Handles are strings. */
class ClientStateTest {

  private ClientState<String> state;

  @BeforeEach
  void connect() {
    state = new ClientState<>("c1");
    state.connected();
  }

  private static TaskSpec spec(String key, String... deps) {
    return new TaskSpec(key, "f", Payload.of("fn"), Payload.of(new Object[0]), List.of(deps), TaskOptions.DEFAULT);
  }

  private List<ClientEffect<String>> submit(String key, String handle, String... deps) {
    return state.submitted(List.of(spec(key, deps)), List.of(key), List.of(handle));
  }

  private static List<ToScheduler> sends(List<ClientEffect<String>> effects) {
    List<ToScheduler> out = new ArrayList<>();
    for (ClientEffect<String> e : effects) {
      if (e instanceof SendToScheduler<String> s) {
        out.add(s.message());
      }
    }
    return out;
  }

  /** Each handle's last outcome in {@code effects}. */
  private static Map<String, Outcome> updates(List<ClientEffect<String>> effects) {
    Map<String, Outcome> out = new LinkedHashMap<>();
    for (ClientEffect<String> e : effects) {
      if (e instanceof UpdateFutures<String> u) {
        u.handles().forEach(h -> out.put(h, u.outcome()));
      }
    }
    return out;
  }

  /** Releases {@code handle} on {@code key} and ends the turn: what the scheduler is sent. */
  private List<ToScheduler> release(String key, String handle) {
    state.released(key, handle);
    return sends(state.flushReleases());
  }

  @Test
  void aPureKeySubmittedTwiceIsSentOnceAndReleasedWithItsLastFuture() {
    assertEquals(List.of(new UpdateGraph("c1", List.of(spec("k")), List.of("k"))), sends(submit("k", "f1")));
    assertEquals(List.of(), submit("k", "f2"), "the second future joins the first: nothing sent, nothing known yet");
    assertEquals(2, state.references("k"));

    Map<String, Outcome> done = updates(state.inMemory("k", true, 42, List.of("w1")));
    assertEquals(List.of("f1", "f2"), List.copyOf(done.keySet()));
    assertEquals(42, done.get("f1").value());
    assertEquals(List.of("w1"), done.get("f2").workers());

    assertEquals(List.of(), release("k", "f1"), "f2 still holds the key");
    assertEquals(List.of(), release("k", "f1"), "releasing twice counts once");
    assertEquals(List.of(new ReleaseKeys("c1", List.of("k"))), release("k", "f2"));
    assertNull(state.outcome("k"));
    assertEquals(List.of(), state.inMemory("k", false, null, List.of("w1")), "news of a released key is ignored");
  }

  @Test
  void aFutureOnAKeyAlreadyDoneGetsItsOutcomeAtOnce() {
    submit("k", "f1");
    state.erred("k", new RemoteError("E", "boom", List.of(), null));
    List<ClientEffect<String>> joined = submit("k", "f2");
    assertEquals(List.of(), sends(joined));
    assertEquals(FutureStatus.ERROR, updates(joined).get("f2").status());
  }

  @Test
  void onlyTheTasksNewToTheClientAreSentWithAGraph() {
    submit("a", "fa");
    List<TaskSpec> graph = List.of(spec("a"), spec("b", "a"), spec("c", "b"));
    List<ClientEffect<String>> effects = state.submitted(graph, List.of("c"), List.of("fc"));
    assertEquals(List.of(new UpdateGraph("c1", List.of(spec("b", "a"), spec("c", "b")), List.of("c"))), sends(effects));
  }

  @Test
  void cancellingAFinishedKeyCancelsEveryFutureOnItAndTasksSubmittedOnItLater() {
    submit("k", "f1");
    submit("k", "f2");
    state.inMemory("k", false, null, List.of("w1"));
    List<ClientEffect<String>> cancel = state.cancelled(List.of("k", "k"), true, false);
    assertEquals(List.of(new CancelKeys("c1", List.of("k"))), sends(cancel));
    assertEquals(Map.of("f1", Outcome.cancelled(KeyCancelled.CANCELLED), "f2", Outcome.cancelled(KeyCancelled.CANCELLED)),
        updates(cancel));
    assertEquals(List.of(), state.cancelled(List.of("k"), true, false), "already cancelled: nothing asked again");
    assertEquals(List.of(), state.inMemory("k", true, 1, List.of("w1")), "a cancelled key stays cancelled");

    List<TaskSpec> chain = List.of(spec("d1", "k"), spec("d2", "d1"), spec("other"));
    List<ClientEffect<String>> later = state.submitted(chain, List.of("d2", "other"), List.of("g2", "g3"));
    assertEquals(FutureStatus.CANCELLED, updates(later).get("g2").status(), "d2 depends on k through d1");
    assertEquals(List.of(new UpdateGraph("c1", List.of(spec("other")), List.of("other"))), sends(later));
    assertNull(state.outcome("d2"), "a future cancelled at once is not tracked");
    assertEquals(List.of(), release("d2", "g2"));
  }

  @Test
  void futureStyleCancelLeavesADoneKeyDone() {
    submit("k", "f1");
    state.inMemory("k", false, null, List.of("w1"));
    assertEquals(List.of(), state.cancelled(List.of("k"), false, false));
    assertEquals(FutureStatus.FINISHED, state.outcome("k").status());
    submit("p", "f2");
    assertEquals(List.of(new CancelKeys("c1", List.of("p"))), sends(state.cancelled(List.of("p"), false, false)));
  }

  @Test
  void aForcedCancelAsksTheSchedulerToInterruptWhatItLetsGo() {
    submit("k", "f1");
    assertEquals(List.of(new CancelKeys("c1", List.of("k"), true)), sends(state.cancelled(List.of("k"), false, true)));
    assertEquals(FutureStatus.CANCELLED, state.outcome("k").status());
  }

  @Test
  void withoutASchedulerFuturesAreCancelledAtOnceAndNothingIsSent() {
    ClientState<String> fresh = new ClientState<>("c2");
    List<ClientEffect<String>> effects = fresh.submitted(List.of(spec("k")), List.of("k"), List.of("f1"));
    assertEquals(List.of(), sends(effects));
    assertEquals(KeyCancelled.SCHEDULER_CONNECTION_LOST, updates(effects).get("f1").cancelReason());
    assertNull(fresh.outcome("k"));
    assertEquals(List.of(), fresh.firedAndForgotten("k"));
  }

  @Test
  void losingTheSchedulerCancelsWhatIsNotHeldHereAndForgetsEveryKey() {
    submit("pending", "p");
    submit("inline", "i");
    submit("remote", "r");
    submit("failed", "e");
    state.inMemory("inline", true, 7, List.of("w1"));
    state.inMemory("remote", false, null, List.of("w1"));
    state.erred("failed", new RemoteError("E", "boom", List.of(), null));
    Map<String, Outcome> lost = updates(state.schedulerLost());
    assertEquals(Set.of("p", "r"), lost.keySet(), "the inline value and the error stay");
    assertTrue(lost.values().stream().allMatch(o -> KeyCancelled.SCHEDULER_CONNECTION_LOST.equals(o.cancelReason())));
    assertNull(state.outcome("inline"));
    assertEquals(List.of(), release("inline", "i"), "nothing is released to a scheduler that is gone");
    assertEquals(List.of(), state.schedulerLost(), "lost once");

    state.connected();
    assertEquals(1, sends(submit("pending", "p2")).size(), "connected again: submissions are sent");
  }

  @Test
  void aScatteredValueIsSentOnceUnlessBroadcastAndStaysHeldWhenInMemory() {
    List<ClientEffect<String>> first = state.scattered(List.of("v", "v"), List.of("x", "x"),
        List.of(Payload.of("x"), Payload.of("x")), false, List.of("s1", "s2"));
    assertEquals(List.of(new ScatterData("c1", Map.of("v", Payload.of("x")), false)), sends(first));
    assertEquals(2, state.references("v"));
    assertEquals(List.of(), sends(state.scattered(List.of("v"), List.of("x"), List.of(Payload.of("x")), false, List.of("s3"))));
    assertEquals(1, sends(state.scattered(List.of("v"), List.of("x"), List.of(Payload.of("x")), true, List.of("s4"))).size());

    Outcome held = updates(state.inMemory("v", false, null, List.of("w1"))).get("s1");
    assertTrue(held.hasValue());
    assertEquals("x", held.value());
  }

  @Test
  void aLostValueMakesFinishedFuturesWaitUntilItIsInMemoryAgain() {
    submit("k", "f1");
    assertEquals(List.of(), state.lost("k"), "only a finished key can lose its value");
    state.inMemory("k", false, null, List.of("w1"));
    assertEquals(FutureStatus.LOST, updates(state.lost("k")).get("f1").status());
    assertEquals(FutureStatus.LOST, updates(submit("k", "f2")).get("f2").status(), "a new future sees it is lost");
    assertEquals(List.of("w2"), updates(state.inMemory("k", false, null, List.of("w2"))).get("f2").workers());
  }

  @Test
  void theClusterCancellingAKeyLeavesAnErrorAlone() {
    submit("k", "f1");
    state.erred("k", new RemoteError("E", "boom", List.of(), null));
    assertEquals(List.of(), state.cancelledByCluster("k", KeyCancelled.LOST_SCATTERED_TASKS));
    submit("j", "f2");
    assertEquals(KeyCancelled.LOST_SCATTERED_TASKS,
        updates(state.cancelledByCluster("j", KeyCancelled.LOST_SCATTERED_TASKS)).get("f2").cancelReason());
  }

  @Test
  void fireAndForgetAsksTheSchedulerToKeepTheKey() {
    assertEquals(List.of(new UpdateGraph(UpdateGraph.FIRE_AND_FORGET, List.of(), List.of("k"))),
        sends(state.firedAndForgotten("k")));
  }

  @Test
  void aClosedClientSendsNothingAndTracksNothingNew() {
    submit("k", "f1");
    state.closed();
    assertEquals(List.of(), release("k", "f1"));
    assertEquals(List.of(), state.firedAndForgotten("k"));
    List<ClientEffect<String>> late = submit("n", "f2");
    assertEquals(List.of(), sends(late));
    assertEquals(FutureStatus.CANCELLED, updates(late).get("f2").status());
    state.connected();
    assertEquals(List.of(), sends(submit("m", "f3")), "closed stays closed");
  }

  @Test
  void mismatchedStimuliAreRefusedBeforeAnythingChanges() {
    assertThrows(IllegalArgumentException.class,
        () -> state.submitted(List.of(spec("k")), List.of("k"), List.of("f1", "f2")));
    assertThrows(IllegalArgumentException.class,
        () -> state.scattered(List.of("v"), List.of("x"), List.of(), false, List.of("s1")));
    assertNull(state.outcome("k"));
    assertNull(state.outcome("v"));
  }

  @Test
  void retryMakesOnlyErredKeysPendingAgainAndAsksTheSchedulerOnce() {
    submit("bad", "f1");
    submit("good", "f2");
    state.erred("bad", new RemoteError("java.lang.IllegalStateException", "flaky", List.of(), null));
    state.inMemory("good", true, 1, List.of("w1"));

    List<ClientEffect<String>> fx = state.retried(List.of("bad", "good", "unknown"));

    assertEquals(List.of(new RetryKeys("c1", List.of("bad"))), sends(fx));
    assertEquals(Map.of("f1", Outcome.PENDING), updates(fx));
    assertEquals(FutureStatus.PENDING, state.outcome("bad").status());
    assertEquals(FutureStatus.FINISHED, state.outcome("good").status());
    assertEquals(Map.of("f1", FutureStatus.FINISHED), Map.of("f1",
        updates(state.inMemory("bad", true, 2, List.of("w1"))).get("f1").status()), "the retried key finishes like any other");
  }

  @Test
  void aRestartCancelsEvenDoneFuturesAndForgetsTheirKeysSoTheyAreSentAgain() {
    submit("k", "f1");
    submit("e", "f2");
    state.inMemory("k", true, 42, List.of("w1"));
    state.erred("e", new RemoteError("java.lang.IllegalStateException", "boom", List.of(), null));

    Map<String, Outcome> k = updates(state.cancelledByCluster("k", KeyCancelled.SCHEDULER_RESTART));
    Map<String, Outcome> e = updates(state.cancelledByCluster("e", KeyCancelled.SCHEDULER_RESTART));

    assertEquals(KeyCancelled.SCHEDULER_RESTART, k.get("f1").cancelReason());
    assertEquals(FutureStatus.CANCELLED, e.get("f2").status());
    assertNull(state.outcome("k"), "no longer tracked");
    assertEquals(List.of(new UpdateGraph("c1", List.of(spec("k")), List.of("k"))), sends(submit("k", "f3")),
        "the scheduler forgot the key: submitted again, it is sent again");
    assertEquals(List.of(), release("k", "f1"), "a future of before the restart releases nothing");
  }

  // ---------------------------------------------------------------- failover

  @Test
  void throughAFailoverFuturesStayPendingAndTheGraphsOfLiveKeysAreSentAgainOnce() {
    state.submitted(List.of(spec("a"), spec("b", "a")), List.of("b"), List.of("fb"));
    submit("done", "fd");
    state.inMemory("done", true, 7, List.of("w1"));
    submit("bad", "fx");
    state.erred("bad", new RemoteError("E", "boom", List.of(), null));

    state.schedulerAway();
    List<ClientEffect<String>> waiting = state.submitted(List.of(spec("c", "b")), List.of("c"), List.of("fc"));
    assertEquals(List.of(), waiting, "submitted while the standby takes over: neither sent nor cancelled");
    assertEquals(FutureStatus.PENDING, state.outcome("b").status());

    List<ClientEffect<String>> again = state.connected();
    assertEquals(List.of(new UpdateGraph("c1", List.of(spec("a"), spec("b", "a"), spec("done"), spec("bad"), spec("c", "b")),
        List.of("b", "done", "c"))), sends(again), "every key but the erred one is wanted again, with the specs they need");
    assertEquals(List.of(), state.connected(), "sent once");
  }

  @Test
  void whenNoStandbyTakesOverInTimeTheWaitingFuturesAreCancelledAsWithoutOne() {
    submit("k", "f1");
    state.schedulerAway();
    submit("later", "f2");
    Map<String, Outcome> lost = updates(state.schedulerLost());
    assertEquals(Outcome.cancelled(KeyCancelled.SCHEDULER_CONNECTION_LOST), lost.get("f1"));
    assertEquals(Outcome.cancelled(KeyCancelled.SCHEDULER_CONNECTION_LOST), lost.get("f2"));
    assertEquals(List.of(), state.connected(), "nothing tracked any more: nothing sent again");
  }

  @Test
  void keysReleasedInARowLeaveInOneMessage() {
    for (int i = 0; i < 5; i++) {
      submit("k" + i, "f" + i);
    }
    for (int i = 0; i < 5; i++) {
      state.released("k" + i, "f" + i);
    }
    assertTrue(state.releasesPending());
    assertEquals(List.of(new ReleaseKeys("c1", List.of("k0", "k1", "k2", "k3", "k4"))), sends(state.flushReleases()));
    assertFalse(state.releasesPending());
    assertEquals(List.of(), state.flushReleases(), "told once");
  }

  @Test
  void aReleaseReachesTheSchedulerBeforeTheNextMessage() {
    submit("k", "f1");
    state.released("k", "f1");
    assertEquals(List.of(new ReleaseKeys("c1", List.of("k")), new UpdateGraph("c1", List.of(spec("k")), List.of("k"))),
        sends(submit("k", "f2")), "submitted again after its release: released first, then sent again");
    assertEquals(List.of(), state.flushReleases());
  }

  @Test
  void releasesNotYetToldAreDroppedWithTheScheduler() {
    submit("k", "f1");
    state.released("k", "f1");
    state.schedulerLost();
    assertFalse(state.releasesPending(), "the scheduler that knew the key is gone");
  }

  @Test
  void withoutFailoverALostSchedulerCancelsAtOnceAndNothingIsKeptToSendAgain() {
    ClientState<String> inProcess = new ClientState<>("c1", false);
    inProcess.connected();
    inProcess.submitted(List.of(spec("k")), List.of("k"), List.of("f1"));
    inProcess.schedulerAway();
    assertEquals(Outcome.PENDING, inProcess.outcome("k"), "no standby to wait for: nothing changes");
    Map<String, Outcome> lost = updates(inProcess.schedulerLost());
    assertEquals(Outcome.cancelled(KeyCancelled.SCHEDULER_CONNECTION_LOST), lost.get("f1"));
    assertEquals(List.of(), inProcess.connected(), "nothing tracked: nothing sent again");
  }

  @Test
  void specsNoTrackedKeyNeedsAreNotSentAgain() {
    for (int i = 0; i < 3000; i++) {
      submit("k" + i, "f" + i);
      release("k" + i, "f" + i);
    }
    submit("kept", "fk");
    state.schedulerAway();
    assertEquals(List.of(new UpdateGraph("c1", List.of(spec("kept")), List.of("kept"))), sends(state.connected()));
  }
}
