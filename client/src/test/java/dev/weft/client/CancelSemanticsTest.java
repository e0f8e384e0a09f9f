package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code cancel()} as dask's: a finished future is cancelled too, its dependents are, and only this client's. */
class CancelSemanticsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void cancellingAFinishedFutureCancelsItItsLaterDependentsAndOnlyThisClientsInterest() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).dashboardAddress(null).build();
         Client a = Client.connect(cluster);
         Client b = Client.connect(cluster)) {
      TaskFuture<Integer> mine = a.submit(Demo::inc, 1);
      TaskFuture<Integer> theirs = b.submit(Demo::inc, 1);
      assertEquals(mine.key(), theirs.key(), "a pure task shared by two clients");
      assertEquals(2, mine.result(WAIT));
      assertEquals(2, theirs.result(WAIT));

      mine.cancel();
      assertEquals(FutureStatus.CANCELLED, mine.status(), "dask: cancelled, though it had finished");
      assertEquals("cancelled", assertThrows(CancelledTaskException.class, () -> mine.result(WAIT)).reason());
      TaskFuture<Integer> dependent = a.submit(Demo::inc, mine);
      assertEquals(FutureStatus.CANCELLED, dependent.status(), "a task on a cancelled future is cancelled at once");
      assertThrows(CancelledTaskException.class, () -> dependent.result(WAIT));

      assertEquals(FutureStatus.FINISHED, theirs.status(), "the other client's future is untouched");
      assertEquals(3, b.submit(Demo::inc, theirs).result(WAIT), "and its value still there");

      theirs.cancel();
      Poll.until(WAIT, "the value freed once no client wants it",
          () -> !b.whoHas().await().containsKey(theirs.key()));
    }
  }

  @Test
  void javaUtilConcurrentCancelLeavesADoneFutureDone() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> f = client.submit(Demo::inc, 1);
      assertEquals(2, f.result(WAIT));
      assertFalse(f.cancel(true), "Future.cancel(boolean): a completed task cannot be cancelled");
      assertEquals(FutureStatus.FINISHED, f.status());
      assertEquals(3, client.submit(Demo::inc, f).result(WAIT));
    }
  }
}
