package dev.weft.client.rx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.client.Client;
import dev.weft.client.LocalCluster;
import dev.weft.client.TaskFuture;
import dev.weft.client.WorkerContext;
import dev.weft.client.coordination.TopicEvent;
import io.reactivex.rxjava3.disposables.Disposable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The Rx facade's coordination calls ({@link RxCoordinationApi}) reach the same objects as the
 * client's, are cold (nothing happens until subscribed), and a topic's events flow while the
 * {@code Flowable} is subscribed.
 */
class RxCoordinationTest {

  /** Puts 1, 2, 3 into queue {@code name} from a task, through the Rx facade of the task's client. */
  static int produce(String name) {
    RxCoordinationApi.RxQueue<Integer> q = WorkerContext.current().client().rx().queue(name);
    q.put(1).andThen(q.put(2)).andThen(q.put(3)).blockingAwait();
    return 3;
  }

  @Test
  void locksQueuesVariablesEventsDatasetsAndTopicsThroughRx() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(2).dashboardAddress(null).build();
         Client client = Client.connect(cluster)) {
      RxClient rx = client.rx();
      RxCoordinationApi.RxLock lock = rx.lock("L");
      assertTrue(lock.acquire().blockingGet());
      assertTrue(lock.locked().blockingGet());
      assertFalse(rx.lock("L").acquire(Duration.ZERO).blockingGet());
      lock.release().blockingAwait();
      assertFalse(lock.locked().blockingGet());

      assertEquals(3, client.submit(RxCoordinationTest::produce, "q").result());
      RxCoordinationApi.RxQueue<Integer> q = rx.queue("q");
      assertEquals(1, q.get().blockingGet());
      assertEquals(List.of(2, 3), q.getBatch().blockingGet());

      RxCoordinationApi.RxVariable<String> v = rx.variable("v");
      v.set("x");
      assertFalse(client.variable("v").get(Duration.ZERO).map(x -> true).otherwise(false).await(), "cold: nothing set");
      v.set("x").blockingAwait();
      assertEquals("x", v.get().blockingGet());

      RxCoordinationApi.RxEvent e = rx.event("e");
      assertFalse(e.wait(Duration.ofMillis(50)).blockingGet());
      e.set().blockingAwait();
      assertTrue(e.isSet().blockingGet());

      TaskFuture<Integer> x = client.submit((Integer a) -> a + 1, 1);
      rx.publishDataset("ds", x).blockingAwait();
      assertEquals(List.of("ds"), rx.listDatasets().blockingGet());
      assertEquals(2, rx.<Integer>getDataset("ds").blockingGet().result());

      List<TopicEvent> seen = new CopyOnWriteArrayList<>();
      Disposable subscription = rx.subscribeTopic("t").subscribe(seen::add);
      dev.weft.client.Poll.until(Duration.ofMinutes(1), "the subscriber gets an event logged after it subscribed", () -> {
        rx.logEvent("t", "ping").blockingAwait(); // the Flowable subscribes asynchronously: log until it hears
        return !seen.isEmpty();
      });
      List<Object> logged = rx.getEvents("t").blockingGet().stream().map(TopicEvent::message).toList();
      assertTrue(logged.size() >= seen.size() && logged.stream().allMatch("ping"::equals), logged.toString());
      subscription.dispose();
    }
  }
}
