package dev.weft.protocol.wire;

import dev.weft.protocol.MalformedMessageException;
import dev.weft.protocol.Message;
import dev.weft.protocol.ValueSerializer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;

/**
 * The one event-bus codec for every {@link Message}: by reference inside a JVM ({@link #transform}
 * returns the same immutable record), compact binary between JVMs. Thread-safe.
 */
public final class WireCodec implements MessageCodec<Message, Message> {

  /** The codec's registered name. */
  public static final String NAME = "weft";

  /** Delivery options naming this codec; pass them to every send, publish and reply. */
  public static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(NAME);

  /** Header naming the sending component's cluster node, on every send of a scheduler, worker or client. */
  public static final String SENDER_HEADER = "weft-node";

  /** Reads and writes the binary form; stateless but for shared caches, so safe on every thread. */
  private final RecordWire wire;

  /** A codec shipping user values with {@code serializer}. */
  public WireCodec(ValueSerializer serializer) {
    this.wire = new RecordWire(serializer);
  }

  /** Registers a codec on {@code vertx}'s event bus unless one is there already. */
  public static void registerOn(Vertx vertx, ValueSerializer serializer) {
    synchronized (vertx) {
      try {
        vertx.eventBus().registerCodec(new WireCodec(serializer));
      } catch (IllegalStateException alreadyRegistered) {
        // another component on this Vertx registered it first
      }
    }
  }

  /** Delivery options naming this codec and the sending node {@code nodeId} (shared; never mutate). */
  public static DeliveryOptions options(String nodeId) {
    return new DeliveryOptions().setCodecName(NAME).addHeader(SENDER_HEADER, nodeId);
  }

  /** The node that sent {@code envelope}, as its {@link #SENDER_HEADER} says; null when it says none. */
  public static String sender(io.vertx.core.eventbus.Message<?> envelope) {
    return envelope.headers().get(SENDER_HEADER);
  }

  /** Writes {@code message} in binary form (also used directly by tests and benchmarks). */
  public Buffer encode(Message message) {
    Buffer out = Buffer.buffer(128);
    wire.writeMessage(out, message);
    return out;
  }

  /**
   * Reads a message written by {@link #encode}; {@code in} must hold exactly that message.
   *
   * @throws MalformedMessageException for any bytes that are not a message's encoding (and never
   *     anything else, nor allocates more than the bytes present could fill)
   */
  public Message decode(Buffer in) {
    return wire.readMessage(new WireReader(in, 0, in.length()));
  }

  @Override
  public void encodeToWire(Buffer buffer, Message message) {
    Buffer body = encode(message);
    buffer.appendInt(body.length());
    buffer.appendBuffer(body);
  }

  /**
   * Reads the message {@link #encodeToWire} wrote at {@code pos}: a 4-byte length, then that many
   * bytes, read in place.
   *
   * @throws MalformedMessageException when the length is negative or runs past the buffer, or the
   *     bytes are not a message's encoding
   */
  @Override
  public Message decodeFromWire(int pos, Buffer buffer) {
    if (pos < 0 || buffer.length() - pos < 4) {
      throw new MalformedMessageException("no 4-byte frame length at offset " + pos + " of " + buffer.length());
    }
    int length = buffer.getInt(pos);
    int start = pos + 4;
    if (length < 0 || length > buffer.length() - start) {
      throw new MalformedMessageException(
          "frame length " + length + " at offset " + pos + ", " + (buffer.length() - start) + " bytes follow");
    }
    return wire.readMessage(new WireReader(buffer, start, start + length));
  }

  @Override
  public Message transform(Message message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
