package dev.weft.worker.verticle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.Addresses;
import dev.weft.protocol.GetStory;
import dev.weft.protocol.Message;
import dev.weft.protocol.Payload;
import dev.weft.protocol.StoreData;
import dev.weft.protocol.Story;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.worker.state.WorkerConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A worker answers the scheduler's {@link GetStory} with its own moves of the key, and refuses anyone else's. */
class GetStoryTest {

  private static final String W = "w1";

  private Vertx vertx;
  private WorkerVerticle worker;
  /** The node of the stand-in scheduler: this (non-clustered) Vert.x's. */
  private String node;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    node = new StandInScheduler(vertx).node;
    worker = new WorkerVerticle(new WorkerConfig(W, 1, 0, Map.of(), Long.MAX_VALUE, true), 60_000);
    vertx.deployVerticle(worker).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private Message ask(GetStory get, String fromNode) {
    return vertx.eventBus().<Message>request(Addresses.worker(W), get, WireCodec.options(fromNode)).await().body();
  }

  @Test
  void theSchedulersRequestIsAnsweredWithOneLinePerMove() {
    vertx.eventBus().send(Addresses.worker(W), new StoreData(Map.of("x", Payload.of("X"))), WireCodec.options(node));
    Story story = assertInstanceOf(Story.class, ask(new GetStory("x"), node));
    assertEquals("x", story.key());
    assertEquals(1, story.transitions().size(), story.transitions().toString());
    assertTrue(story.transitions().get(0).matches(W + " RELEASED->MEMORY StoreData-1 @\\d{13}"), story.transitions().toString());
    assertEquals(new Story("y", List.of()), ask(new GetStory("y"), node));
    assertEquals(0, worker.rejections());
  }

  @Test
  void aRequestFromAnotherNodeIsRefused() {
    Throwable failure = vertx.eventBus().request(Addresses.worker(W), new GetStory("x"), WireCodec.options("another-node"))
        .transform(ar -> Future.succeededFuture(ar.cause())).await();
    ReplyException e = assertInstanceOf(ReplyException.class, failure);
    assertEquals(400, e.failureCode());
    assertTrue(e.getMessage().startsWith("not-from-scheduler"), e.getMessage());
    assertEquals(1, worker.rejections());
  }
}
