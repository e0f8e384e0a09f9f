package dev.weft.worker.verticle;

import dev.weft.protocol.DataReply;
import dev.weft.protocol.DataTicket;
import dev.weft.protocol.GetData;
import dev.weft.protocol.Message;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Sizes;
import dev.weft.protocol.UnserializableValueException;
import dev.weft.protocol.ValueSerializer;
import dev.weft.protocol.wire.WireCodec;
import dev.weft.worker.store.SpilledValue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers {@link GetData} from peers and clients with the values a worker holds: by reference in
 * one JVM, else serialized once each — inline, or as tickets for the data channel above its
 * threshold. Large values, and values on disk, are prepared off the event loop; a value on disk
 * goes out as the serialized bytes of its spill file, without being read into an object.
 */
final class ValueServer {

  private static final Logger LOG = System.getLogger(ValueServer.class.getName());
  /** Values estimated larger than this are serialized off the event loop. */
  private static final long SERIALIZE_ON_LOOP_BYTES = 64 * 1024;
  /**
   * Bytes prepared for askers and not yet sent, above which further large replies wait (dask
   * bounds outgoing transfers likewise): a worker asked for all its values at once, some of them
   * on disk, holds a bounded amount of serialized copies instead of all of them.
   */
  static final long OUTGOING_BYTES_LIMIT = 50L << 20;
  /** A worker with a memory limit keeps outgoing bytes under this share of it, if lower than {@link #OUTGOING_BYTES_LIMIT}. */
  private static final int OUTGOING_SHARE_OF_LIMIT = 32;
  /** Large replies prepared (serialized, or read from disk) at once. */
  private static final int PREPARING_LIMIT = 1;

  private final Vertx vertx;
  private final String workerId;
  private final ValueSerializer serializer;
  /** Reads spilled values back. */
  private final Spiller spiller;
  /** The classes spilled values are read with now. */
  private final Supplier<UploadedJars.Generation> classes;
  /** The direct channel for large values; null on a non-clustered Vert.x. */
  private final DataChannelServer channel;
  /** Serialized size above which a value goes over {@link #channel}. */
  private final long channelThreshold;
  /** The values held of some keys (those not held are left out); called on the worker's context. */
  private final Function<List<String>, Map<String, Object>> held;
  /**
   * Large replies waiting for outgoing bytes to fall under the limit, first come first served;
   * touched on the worker's context. They hold keys, not values: a value spilled or released while
   * its reply waits must not stay in the heap because of it.
   */
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  /** Large replies being prepared now; touched on the worker's context. */
  private int preparing;
  /** The worker's context, where waiting replies are started. */
  private final Context context;
  /** Outgoing bytes above which large replies wait. */
  private final long outgoingLimit;

  ValueServer(Vertx vertx, Context context, String workerId, long memoryLimit, Function<List<String>, Map<String, Object>> held,
      ValueSerializer serializer, Spiller spiller, Supplier<UploadedJars.Generation> classes, DataChannelServer channel,
      long channelThreshold) {
    this.vertx = vertx;
    this.held = held;
    this.context = context;
    this.outgoingLimit = memoryLimit > 0 ? Math.min(OUTGOING_BYTES_LIMIT, memoryLimit / OUTGOING_SHARE_OF_LIMIT) : OUTGOING_BYTES_LIMIT;
    if (channel != null) {
      channel.onRelease(() -> context.runOnContext(v -> startWaiting()));
    }
    this.workerId = workerId;
    this.serializer = serializer;
    this.spiller = spiller;
    this.classes = classes;
    this.channel = channel;
    this.channelThreshold = channelThreshold;
  }

  /**
   * Answers {@code get} with the values held of its keys (the rest are reported missing): at once
   * when they are small and in memory, else off the event loop in turn, with the values held when
   * its turn comes. Returns how many of its keys are held now.
   */
  int serve(io.vertx.core.eventbus.Message<Message> envelope, GetData get) {
    Map<String, Object> now = held.apply(get.keys());
    boolean byReference = channel == null || get.fromThisJvm();
    boolean offLoop = false;
    for (Object v : now.values()) {
      offLoop |= v instanceof SpilledValue || (!byReference && Sizes.estimate(v) > SERIALIZE_ON_LOOP_BYTES);
    }
    if (!offLoop) {
      Future<DataReply> ready;
      try {
        ready = Future.succeededFuture(reply(now, get, byReference).call());
      } catch (Exception e) {
        ready = Future.failedFuture(e);
      }
      answer(envelope, get, ready);
      return now.size();
    }
    waiting.add(() -> {
      preparing++;
      answer(envelope, get, vertx.executeBlocking(reply(held.apply(get.keys()), get, byReference), false).andThen(ar -> {
        preparing--;
        startWaiting();
      }));
    });
    startWaiting();
    return now.size();
  }

  /** Makes the reply to {@code get} with {@code values}, the ones held of its keys. */
  private Callable<DataReply> reply(Map<String, Object> values, GetData get, boolean byReference) {
    List<String> missing = new ArrayList<>();
    for (String k : get.keys()) {
      if (!values.containsKey(k)) {
        missing.add(k);
      }
    }
    UploadedJars.Generation with = classes.get();
    return byReference
        ? () -> new DataReply(each(values, v -> Payload.of(spiller.resolve(v, with))), missing)
        : () -> serialized(values, missing);
  }

  /** Starts waiting large replies while fewer than {@link #PREPARING_LIMIT} are prepared and outgoing bytes are under {@link #outgoingLimit}. */
  private void startWaiting() {
    while (!waiting.isEmpty() && preparing < PREPARING_LIMIT && outgoing() < outgoingLimit) {
      waiting.poll().run();
    }
  }

  private long outgoing() {
    return channel == null ? 0 : channel.outstandingBytes();
  }

  private void answer(io.vertx.core.eventbus.Message<Message> envelope, GetData get, Future<DataReply> ready) {
    ready.onComplete(ar -> {
      if (ar.succeeded()) {
        envelope.reply(ar.result(), WireCodec.OPTIONS);
      } else {
        LOG.log(Level.WARNING, "worker " + workerId + " cannot serve " + get.keys(), ar.cause());
        envelope.fail(ar.cause() instanceof UnserializableValueException ? 500 : 400, String.valueOf(ar.cause().getMessage()));
      }
    });
  }

  private static Map<String, Payload> each(Map<String, Object> values, Function<Object, Payload> f) {
    Map<String, Payload> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, f.apply(v)));
    return out;
  }

  /**
   * The reply to a peer in another JVM: each value serialized once (or read as serialized from its
   * spill file); those over the threshold are offered on the data channel and sent as tickets, the
   * rest travel inline as those bytes (so the codec does not serialize them again). A large
   * primitive array in memory is offered as it is, its elements written raw. Thread-safe.
   */
  private DataReply serialized(Map<String, Object> values, List<String> missing) {
    Map<String, Payload> data = new LinkedHashMap<>();
    Map<String, DataTicket> tickets = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (!RawArrays.layoutOf(v).isEmpty() && RawArrays.byteLength(v) > channelThreshold) {
        tickets.put(k, channel.offerArray(v));
        return;
      }
      ValueSerializer.Serialized bytes;
      if (v instanceof SpilledValue s) {
        byte[] read = spiller.serialized(s);
        bytes = new ValueSerializer.Serialized(read, read.length);
      } else {
        bytes = serializer.serializeToSlice(v);
      }
      if (bytes.length() > channelThreshold) {
        tickets.put(k, channel.offer(bytes));
      } else {
        data.put(k, Payload.ofBytes(bytes.exact()));
      }
    });
    return new DataReply(data, missing, tickets);
  }
}
