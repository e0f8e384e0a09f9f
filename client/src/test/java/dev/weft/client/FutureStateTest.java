package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.state.Outcome;
import dev.weft.protocol.KeyCancelled;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** One future's view of its key: outcomes from the client's state, its own cancellation final. */
class FutureStateTest {

  private static final Outcome FINISHED = Outcome.PENDING.finished(true, 42, List.of("w1"));

  @Test
  void aDoneOutcomeCompletesTheFutureAndALostOneMakesItWaitAgain() {
    FutureState cell = new FutureState("k");
    CompletableFuture<FutureState> first = cell.done();
    cell.update(FINISHED);
    assertTrue(first.isDone());
    assertEquals(42, cell.outcome().value());

    cell.update(FINISHED.lost());
    assertEquals(FutureStatus.LOST, cell.status());
    assertNotSame(first, cell.done());
    assertFalse(cell.done().isDone(), "waits for the value to be computed again");
    cell.update(FINISHED);
    assertTrue(cell.done().isDone());
  }

  @Test
  void aCancelledFutureStaysCancelledWhateverTheStateSaysLater() {
    FutureState cell = new FutureState("k");
    assertTrue(cell.cancel(KeyCancelled.CANCELLED, false));
    assertTrue(cell.done().isDone());
    cell.update(FINISHED);
    assertEquals(FutureStatus.CANCELLED, cell.status());
    assertFalse(cell.cancel(KeyCancelled.SCHEDULER_CONNECTION_LOST, true), "cancelled once");
    assertEquals(KeyCancelled.CANCELLED, cell.outcome().cancelReason());
  }

  @Test
  void onlyDasksCancelCancelsADoneFuture() {
    FutureState cell = new FutureState("k");
    cell.update(FINISHED);
    assertFalse(cell.cancel(KeyCancelled.CANCELLED, false), "java.util.concurrent's rule: done stays done");
    assertEquals(FutureStatus.FINISHED, cell.status());
    assertTrue(cell.cancel(KeyCancelled.CANCELLED, true));
    assertEquals(FutureStatus.CANCELLED, cell.status());
    assertFalse(cell.outcome().hasValue(), "the value held here is dropped");
  }
}
