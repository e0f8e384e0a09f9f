package dev.weft.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.MalformedMessageException;
import dev.weft.protocol.Message;
import dev.weft.protocol.MessageCheck;
import dev.weft.protocol.Serializers;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of every sample's encoding, through both decode entry points: decoding returns
 * a message or throws {@link MalformedMessageException}, nothing else; a decoded message can be
 * encoded again, and {@link MessageCheck} either accepts it or throws
 * {@link MalformedMessageException}. Prints how many mutations decoded and how many were refused.
 */
class MutationFuzzTest {

  private static final long SEED = 0x5eed_f00dL;
  private static final int MUTATIONS = 200_000;

  private final WireCodec codec = new WireCodec(Serializers.DEFAULT);

  @Test
  void mutatedFramesDecodeOrAreMalformed() {
    List<byte[]> bodies = new ArrayList<>();
    List<byte[]> frames = new ArrayList<>();
    for (Message m : SampleMessages.all()) {
      bodies.add(codec.encode(m).getBytes());
      Buffer frame = Buffer.buffer();
      codec.encodeToWire(frame, m);
      frames.add(frame.getBytes());
    }
    MessageMutator mutator = new MessageMutator(SEED);
    Random choice = new Random(SEED);
    int rejected = 0;
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      int sample = choice.nextInt(bodies.size());
      boolean framed = choice.nextBoolean();
      byte[] bytes = mutator.mutate(framed ? frames.get(sample) : bodies.get(sample));
      Message decoded;
      try {
        decoded = framed ? codec.decodeFromWire(0, Buffer.buffer(bytes)) : codec.decode(Buffer.buffer(bytes));
      } catch (MalformedMessageException expected) {
        rejected++;
        continue;
      } catch (Throwable t) {
        throw failure("decoding", i, bytes, t);
      }
      try {
        codec.encode(decoded);
      } catch (Throwable t) {
        throw failure("re-encoding", i, bytes, t);
      }
      try {
        MessageCheck.check(decoded);
        accepted++;
      } catch (MalformedMessageException expected) {
        refused++;
      } catch (Throwable t) {
        throw failure("checking", i, bytes, t);
      }
    }
    System.out.printf("%d mutations: %d rejected by the decoder, %d decoded (%d then passed MessageCheck, %d refused)%n",
        MUTATIONS, rejected, accepted + refused, accepted, refused);
    assertEquals(MUTATIONS, rejected + accepted + refused);
    assertTrue(rejected > 0 && accepted > 0 && refused > 0, "every outcome occurs");
  }

  private static AssertionError failure(String stage, int iteration, byte[] bytes, Throwable t) {
    return new AssertionError(stage + " mutation " + iteration + " (seed " + SEED + ") threw " + t + " for "
        + HexFormat.of().formatHex(bytes), t);
  }
}
