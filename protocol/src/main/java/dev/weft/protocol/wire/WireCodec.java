package dev.weft.protocol.wire;

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

  /** Writes {@code message} in binary form (also used directly by tests and benchmarks). */
  public Buffer encode(Message message) {
    Buffer out = Buffer.buffer(128);
    wire.writeMessage(out, message);
    return out;
  }

  /** Reads a message written by {@link #encode}. */
  public Message decode(Buffer in) {
    return wire.readMessage(new WireReader(in, 0));
  }

  @Override
  public void encodeToWire(Buffer buffer, Message message) {
    Buffer body = encode(message);
    buffer.appendInt(body.length());
    buffer.appendBuffer(body);
  }

  @Override
  public Message decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return decode(buffer.getBuffer(pos + 4, pos + 4 + length));
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
