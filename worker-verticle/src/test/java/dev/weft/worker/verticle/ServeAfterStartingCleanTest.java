package dev.weft.worker.verticle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.DataReply;
import dev.weft.protocol.GetData;
import dev.weft.protocol.Message;
import dev.weft.protocol.Payload;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.worker.state.WorkerConfig;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker that lost its scheduler starts clean and registers with the next one; the values it
 * keeps from then on are served to peers (they were reported missing: the server read the values
 * of the state the worker had before it started clean).
 */
class ServeAfterStartingCleanTest {

  private static final String W = "w1";

  private Vertx vertx;
  private StandInScheduler scheduler;
  /** The node of the stand-in scheduler: this (non-clustered) Vert.x's. */
  private String node;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    scheduler = new StandInScheduler(vertx);
    node = scheduler.node;
    vertx.deployVerticle(new WorkerVerticle(new WorkerConfig(W, 1, 0, Map.of(), Long.MAX_VALUE, true), 50)).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private DataReply get(String key) {
    return assertInstanceOf(DataReply.class,
        vertx.eventBus().<Message>request(Addresses.worker(W), new GetData(List.of(key)), WireCodec.options(node)).await().body());
  }

  private void store(String key, String value) {
    vertx.eventBus().send(Addresses.worker(W), new StoreData(Map.of(key, Payload.of(value))), WireCodec.options(node));
  }

  private static void until(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within 60 s: " + what);
      Thread.sleep(10);
    }
  }

  @Test
  void valuesKeptAfterStartingCleanAreServed() throws InterruptedException {
    store("before", "B");
    until("the first value served", () -> get("before").data().containsKey("before"));

    scheduler.forgetTheWorker(); // the next scheduler does not know it: it starts clean and registers again
    until("registered again", () -> scheduler.registrations() == 2);
    until("the old value dropped", () -> get("before").missing().contains("before"));

    store("after", "A");
    until("the value kept after starting clean served", () -> get("after").data().containsKey("after"));
    assertEquals("A", get("after").data().get("after").value());
  }
}
