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
 *
 * <p>Between JVMs a frame is a 4-byte length, then that many bytes: the sender's
 * {@linkplain #PROTOCOL_VERSION protocol version} (4 bytes) and the message. A frame of another
 * version is refused before its message is read, with a {@link MalformedMessageException} naming
 * both versions — a node of another Weft build is told so instead of being misread.
 */
public final class WireCodec implements MessageCodec<Message, Message> {

  /** The codec's registered name. */
  public static final String NAME = "weft";

  /** Delivery options naming this codec; pass them to every send, publish and reply. */
  public static final DeliveryOptions OPTIONS = new DeliveryOptions().setCodecName(NAME);

  /** Header naming the sending component's cluster node, on every send of a scheduler, worker or client. */
  public static final String SENDER_HEADER = "weft-node";

  /** This build's wire protocol version: a fingerprint of every message's shape. */
  public static final int PROTOCOL_VERSION = RecordWire.protocolVersion();

  /** Reads and writes the binary form; stateless but for shared caches, so safe on every thread. */
  private final RecordWire wire;
  /** The version this codec writes and accepts: {@link #PROTOCOL_VERSION} but in tests. */
  private final int version;

  /** A codec shipping user values with {@code serializer}. */
  public WireCodec(ValueSerializer serializer) {
    this(serializer, PROTOCOL_VERSION);
  }

  /** A codec speaking protocol {@code version} (tests stand in for another Weft build with it). */
  WireCodec(ValueSerializer serializer, int version) {
    this.wire = new RecordWire(serializer);
    this.version = version;
  }

  /** {@code version} as refusal messages print it: eight hex digits. */
  public static String describe(int version) {
    return ProtocolVersion.text(version);
  }

  /** The Weft release of this build, as its jar says ("development build" when run from classes). */
  public static String weftVersion() {
    String v = WireCodec.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
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
    buffer.appendInt(body.length() + 4);
    buffer.appendInt(version);
    buffer.appendBuffer(body);
  }

  /**
   * Reads the message {@link #encodeToWire} wrote at {@code pos}: a 4-byte length, then that many
   * bytes — the protocol version and the message — read in place.
   *
   * @throws MalformedMessageException when the length is negative or runs past the buffer, the
   *     version is another build's, or the bytes are not a message's encoding
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
    if (length < 4) {
      throw new MalformedMessageException("frame of " + length + " bytes has no protocol version");
    }
    int theirs = buffer.getInt(start);
    if (theirs != version) {
      throw new MalformedMessageException("protocol version mismatch: the sender speaks Weft protocol "
          + describe(theirs) + ", this node speaks " + describe(version) + " (Weft " + weftVersion()
          + "); run the same Weft version on every node");
    }
    return wire.readMessage(new WireReader(buffer, start + 4, start + length));
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
