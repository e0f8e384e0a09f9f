package dev.weft.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.weft.protocol.wire.WireCodec;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchedSender} on a local event bus: one batch per turn, and a holding sender keeping
 * messages while its owner is busy until it is idle, its hold time passes or it is flushed.
 */
class BatchedSenderTest {

  private static final String TO = "batched-sender-test";

  private Vertx vertx;
  private Context context;
  /** What the consumer at {@link #TO} received, in order. */
  private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
  private final AtomicBoolean busy = new AtomicBoolean(true);

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    WireCodec.registerOn(vertx, Serializers.DEFAULT);
    vertx.eventBus().<Message>consumer(TO, m -> received.add(m.body())).completion().toCompletionStage()
        .toCompletableFuture().join();
    context = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void messagesOfOneTurnLeaveAsOneBatch() throws Exception {
    BatchedSender sender = onContext(() -> new BatchedSender(vertx.eventBus(), context, WireCodec.OPTIONS));
    turn(() -> {
      sender.send(TO, new KeyLost("a"));
      sender.send(TO, new KeyLost("b"));
    });
    assertEquals(new Batch(List.of(new KeyLost("a"), new KeyLost("b"))), next());
    turn(() -> sender.send(TO, new KeyLost("c")));
    assertEquals(new KeyLost("c"), next(), "a lone message is sent as itself");
  }

  @Test
  void aBusyOwnersMessagesWaitUntilItIsIdle() throws Exception {
    BatchedSender held = onContext(() -> BatchedSender.holding(vertx, context, WireCodec.OPTIONS, busy::get, 600_000));
    BatchedSender probe = onContext(() -> new BatchedSender(vertx.eventBus(), context, WireCodec.OPTIONS));
    turn(() -> held.send(TO, new KeyLost("a")));
    turn(() -> held.send(TO, new KeyLost("b")));
    turn(() -> probe.send(TO, new KeyLost("probe")));
    assertEquals(new KeyLost("probe"), next(), "a and b are held while the owner is busy");

    turn(() -> {
      busy.set(false);
      held.send(TO, new KeyLost("c"));
    });
    assertEquals(new Batch(List.of(new KeyLost("a"), new KeyLost("b"), new KeyLost("c"))), next(),
        "idle at the end of a turn: everything held leaves together, in order");
  }

  @Test
  void heldMessagesLeaveAfterTheHoldTimeThoughTheOwnerStaysBusy() throws Exception {
    BatchedSender held = onContext(() -> BatchedSender.holding(vertx, context, WireCodec.OPTIONS, busy::get, 20));
    turn(() -> held.send(TO, new KeyLost("a")));
    assertEquals(new KeyLost("a"), next());
    turn(() -> held.send(TO, new KeyLost("b")));
    assertEquals(new KeyLost("b"), next(), "the timer is set again for the next held message");
  }

  @Test
  void flushSendsHeldMessagesAtOnce() throws Exception {
    BatchedSender held = onContext(() -> BatchedSender.holding(vertx, context, WireCodec.OPTIONS, busy::get, 600_000));
    turn(() -> held.send(TO, new KeyLost("a")));
    turn(() -> held.flush());
    assertEquals(new KeyLost("a"), next());
  }

  private <T> T onContext(Supplier<T> make) throws Exception {
    CompletableFuture<T> made = new CompletableFuture<>();
    context.runOnContext(v -> made.complete(make.get()));
    return made.get(30, TimeUnit.SECONDS);
  }

  /** Runs {@code work} in a turn of its own on the context and waits for that turn to end. */
  private void turn(Runnable work) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      work.run();
      done.complete(null);
    });
    done.get(30, TimeUnit.SECONDS);
  }

  private Message next() throws InterruptedException {
    Message m = received.poll(30, TimeUnit.SECONDS);
    assertNotNull(m, "nothing received within 30 s");
    return m;
  }
}
