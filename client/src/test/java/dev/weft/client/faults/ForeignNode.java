package dev.weft.client.faults;

import dev.weft.protocol.Message;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.cluster.Clustering;
import dev.weft.protocol.wire.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A clustered Vert.x member of its own, started in the test JVM, that puts arbitrary bytes on the
 * event bus as Weft messages: its codec is named {@value WireCodec#NAME}, so receivers decode what it
 * sends with their {@link WireCodec}, and its frames are WireCodec's (a 4-byte body length, then the
 * body), except that {@link #sendFrame} may declare a wrong length. Replies sent with Weft's codec
 * arrive here as their raw body; {@link #decode} turns them into messages.
 */
public final class ForeignNode implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  /** Encodes and decodes message bodies exactly as every Weft component does; stateless. */
  private static final WireCodec WIRE = new WireCodec(Serializers.DEFAULT);

  /** This node's own clustered Vert.x (never a client's); the raw codec is registered on it alone; closed by close(). */
  private final Vertx vertx;

  private ForeignNode(Vertx vertx) {
    this.vertx = vertx;
    vertx.eventBus().registerCodec(new RawFrameCodec());
  }

  /** Joins cluster {@code clusterName} on 127.0.0.1 as a full Hazelcast member, waiting up to {@code timeout}. */
  public static ForeignNode join(String clusterName, Duration timeout) {
    return join(clusterName, timeout, null);
  }

  /**
   * Joins cluster {@code clusterName} as a full Hazelcast member whose event bus uses TLS with the
   * credentials in {@code tls} (null: plain TCP), waiting up to {@code timeout}.
   */
  public static ForeignNode join(String clusterName, Duration timeout, dev.weft.protocol.tls.TlsFiles tls) {
    try {
      Vertx v = Clustering.start(clusterName, HOST, false, new VertxOptions(), tls == null ? null
              : dev.weft.protocol.tls.TlsMaterial.fromFiles(tls.ca(), tls.cert(), tls.key(), "TLSv1.2"))
          .toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new ForeignNode(v);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted joining " + clusterName, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not join " + clusterName + " within " + timeout.toMillis() + " ms", e);
    }
  }

  /** This node's cluster node id. */
  public String nodeId() {
    return dev.weft.protocol.cluster.Membership.nodeId(vertx);
  }

  /** This node's Vert.x (to register consumers that play a component, for instance). */
  public Vertx vertx() {
    return vertx;
  }

  /** Sends {@code body} to {@code address} as a Weft frame with its true length. */
  public void send(String address, byte[] body) {
    sendFrame(address, body.length, body);
  }

  /** Sends {@code body} to {@code address} in a frame declaring {@code declaredLength} (which may lie). */
  public void sendFrame(String address, int declaredLength, byte[] body) {
    vertx.eventBus().send(address, frame(declaredLength, body), options(null));
  }

  /** Encodes {@code m} as Weft does and sends it to {@code address}. */
  public void sendMessage(String address, Message m) {
    send(address, encode(m));
  }

  /**
   * Sends {@code body} as a request; completes with the reply's body bytes (a Weft-encoded reply:
   * {@link #decode} it) or fails, e.g. with a {@code ReplyException} of failure code 400 when the
   * receiver rejected it, or a timeout after {@code timeout}.
   */
  public Future<Buffer> request(String address, byte[] body, Duration timeout) {
    return requestFrame(address, body.length, body, timeout);
  }

  /** As {@link #request}, in a frame declaring {@code declaredLength}. */
  public Future<Buffer> requestFrame(String address, int declaredLength, byte[] body, Duration timeout) {
    return vertx.eventBus().<Buffer>request(address, frame(declaredLength, body), options(timeout))
        .map(io.vertx.core.eventbus.Message::body);
  }

  /** Requests {@code m} as a node of another Weft build would send it: in a frame of protocol {@code version}. */
  public Future<Buffer> requestAsVersion(String address, int version, Message m, Duration timeout) {
    byte[] body = encode(m);
    Buffer frame = Buffer.buffer(8 + body.length).appendInt(body.length + 4).appendInt(version).appendBytes(body);
    return vertx.eventBus().<Buffer>request(address, frame, options(timeout)).map(io.vertx.core.eventbus.Message::body);
  }

  /** Encodes {@code m}, requests, and decodes the reply. */
  public Future<Message> requestMessage(String address, Message m, Duration timeout) {
    return request(address, encode(m), timeout).map(ForeignNode::decode);
  }

  /** The body bytes Weft's codec writes for {@code m}. */
  public static byte[] encode(Message m) {
    return WIRE.encode(m).getBytes();
  }

  /** The message in a Weft-encoded body. */
  public static Message decode(Buffer body) {
    return WIRE.decode(body);
  }

  /**
   * A frame as {@link WireCodec#encodeToWire} writes it (this build's protocol version, then {@code body}),
   * declaring a message of {@code declaredLength} bytes: what to
   * pass, with codec {@value WireCodec#NAME}, to this node's event bus (e.g. in a reply to a request
   * a consumer on {@link #vertx()} received).
   */
  public static Buffer frame(int declaredLength, byte[] body) {
    return Buffer.buffer(8 + body.length).appendInt(declaredLength + 4).appendInt(WireCodec.PROTOCOL_VERSION)
        .appendBytes(body);
  }

  /** Weft's codec, and this node's own id as the sender (as every Weft component stamps its sends). */
  private DeliveryOptions options(Duration timeout) {
    DeliveryOptions o = WireCodec.options(nodeId());
    return timeout == null ? o : o.setSendTimeout(timeout.toMillis());
  }

  /** Leaves the cluster. */
  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }

  /**
   * The codec named {@value WireCodec#NAME} on the foreign node: it is given frames (see
   * {@link #frame}), which it writes verbatim, and delivers bodies, reading a frame as WireCodec does
   * but returning the raw body instead of a decoded message.
   */
  private static final class RawFrameCodec implements MessageCodec<Buffer, Buffer> {

    @Override
    public void encodeToWire(Buffer buffer, Buffer frame) {
      buffer.appendBuffer(frame);
    }

    @Override
    public Buffer decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      return buffer.getBuffer(pos + 8, pos + 4 + length);
    }

    @Override
    public Buffer transform(Buffer frame) {
      return decodeFromWire(0, frame);
    }

    @Override
    public String name() {
      return WireCodec.NAME;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
