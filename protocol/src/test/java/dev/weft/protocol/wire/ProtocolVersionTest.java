package dev.weft.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.protocol.KeyLost;
import dev.weft.protocol.MalformedMessageException;
import dev.weft.protocol.Serializers;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Frames carry the protocol version; another build's frames are refused with both versions named. */
class ProtocolVersionTest {

  /** Shapes to fingerprint. */
  record Small(String key, int n) {}

  /** The same shape with one more component. */
  record Grown(String key, int n, long more) {}

  @Test
  void aFrameOfAnotherVersionIsRefusedNamingBothVersions() {
    WireCodec other = new WireCodec(Serializers.DEFAULT, WireCodec.PROTOCOL_VERSION + 1);
    Buffer frame = Buffer.buffer();
    other.encodeToWire(frame, new KeyLost("k"));
    MalformedMessageException e = assertThrows(MalformedMessageException.class,
        () -> new WireCodec(Serializers.DEFAULT).decodeFromWire(0, frame));
    assertEquals("protocol version mismatch: the sender speaks Weft protocol "
        + WireCodec.describe(WireCodec.PROTOCOL_VERSION + 1) + ", this node speaks "
        + WireCodec.describe(WireCodec.PROTOCOL_VERSION) + " (Weft " + WireCodec.weftVersion()
        + "); run the same Weft version on every node", e.getMessage());
    assertEquals(new KeyLost("k"), other.decodeFromWire(0, frame), "the same build reads it");
  }

  @Test
  void theVersionIsAFingerprintOfTheMessageShapes() {
    assertEquals(ProtocolVersion.of(List.of(Small.class)), ProtocolVersion.of(List.of(Small.class)));
    assertNotEquals(ProtocolVersion.of(List.of(Small.class)), ProtocolVersion.of(List.of(Grown.class)),
        "a component added changes the version");
    assertNotEquals(ProtocolVersion.of(List.of(Small.class, Grown.class)), ProtocolVersion.of(List.of(Grown.class, Small.class)),
        "so does another tag order");
    assertEquals(RecordWire.protocolVersion(), WireCodec.PROTOCOL_VERSION);
    assertEquals(8, WireCodec.describe(WireCodec.PROTOCOL_VERSION).length());
  }
}
