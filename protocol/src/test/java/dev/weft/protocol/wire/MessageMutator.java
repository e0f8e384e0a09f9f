package dev.weft.protocol.wire;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded mutations of valid encodings, for fuzzing decoders: bit flips, bytes set to boundary
 * values, varints replaced by huge or overlong ones, insertions, deletions, truncations, duplicated
 * and swapped spans, and random message tags. The same seed gives the same mutations. Not
 * thread-safe. Shared with other modules' tests through protocol's test jar.
 */
public final class MessageMutator {

  /** Byte values at the edges of signed, unsigned and varint ranges. */
  private static final byte[] BOUNDARY_BYTES = {0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xff};
  /** Varints announcing huge, negative or impossible lengths, and overlong ones. */
  private static final byte[][] HUGE_VARINTS = {
      varInt(Integer.MAX_VALUE), varInt(200_000_000), varInt(1 << 20), varInt(-1), varInt(Integer.MIN_VALUE),
      {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01},
      {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
  /** Kinds of mutation that {@link #mutate} chooses among. */
  private static final int KINDS = 9;
  /** Tries of random mutations before falling back to one that always changes the input. */
  private static final int TRIES = 8;

  /** Source of every choice; seeded, so runs repeat. */
  private final Random random;

  /** A mutator whose choices follow {@code seed}. */
  public MessageMutator(long seed) {
    this.random = new Random(seed);
  }

  /** A mutation of {@code validEncoding}: a new array, never equal to it (the input is not changed). */
  public byte[] mutate(byte[] validEncoding) {
    for (int i = 0; i < TRIES; i++) {
      byte[] out = mutateOnce(validEncoding);
      if (!Arrays.equals(out, validEncoding)) {
        return out;
      }
    }
    return validEncoding.length == 0 ? insert(validEncoding) : flipOneBit(validEncoding);
  }

  private byte[] mutateOnce(byte[] in) {
    if (in.length == 0) {
      return insert(in);
    }
    switch (random.nextInt(KINDS)) {
      case 0:
        return flipBits(in);
      case 1:
        return setBoundaryByte(in);
      case 2:
        return hugeVarInt(in);
      case 3:
        return insert(in);
      case 4:
        return delete(in);
      case 5:
        return Arrays.copyOf(in, random.nextInt(in.length));
      case 6:
        return duplicateSpan(in);
      case 7:
        return swapSpans(in);
      default:
        return randomTag(in);
    }
  }

  private byte[] flipBits(byte[] in) {
    byte[] out = in.clone();
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return out;
  }

  /** Flips exactly one bit, so the result always differs. */
  private byte[] flipOneBit(byte[] in) {
    byte[] out = in.clone();
    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
    return out;
  }

  private byte[] setBoundaryByte(byte[] in) {
    byte[] out = in.clone();
    out[random.nextInt(out.length)] = BOUNDARY_BYTES[random.nextInt(BOUNDARY_BYTES.length)];
    return out;
  }

  /** Replaces the varint-shaped run of bytes at a random offset (1 to 5 bytes) with a huge varint. */
  private byte[] hugeVarInt(byte[] in) {
    int at = random.nextInt(in.length);
    int end = at;
    while (end < in.length && end - at < 5 && (in[end] & 0x80) != 0) {
      end++;
    }
    end = Math.min(end + 1, in.length);
    return splice(in, at, end, HUGE_VARINTS[random.nextInt(HUGE_VARINTS.length)]);
  }

  private byte[] insert(byte[] in) {
    byte[] bytes = new byte[1 + random.nextInt(8)];
    random.nextBytes(bytes);
    int at = random.nextInt(in.length + 1);
    return splice(in, at, at, bytes);
  }

  private byte[] delete(byte[] in) {
    int at = random.nextInt(in.length);
    int end = Math.min(in.length, at + 1 + random.nextInt(8));
    return splice(in, at, end, new byte[0]);
  }

  /** Repeats a span right after itself. */
  private byte[] duplicateSpan(byte[] in) {
    int at = random.nextInt(in.length);
    int end = Math.min(in.length, at + 1 + random.nextInt(16));
    return splice(in, end, end, Arrays.copyOfRange(in, at, end));
  }

  /** Exchanges two non-overlapping spans, which may differ in length. */
  private byte[] swapSpans(byte[] in) {
    int a = random.nextInt(in.length);
    int aEnd = Math.min(in.length, a + 1 + random.nextInt(8));
    if (aEnd == in.length) {
      return flipBits(in);
    }
    int b = aEnd + random.nextInt(in.length - aEnd);
    int bEnd = Math.min(in.length, b + 1 + random.nextInt(8));
    byte[] out = new byte[in.length];
    int o = 0;
    o = put(out, o, in, 0, a);
    o = put(out, o, in, b, bEnd);
    o = put(out, o, in, aEnd, b);
    o = put(out, o, in, a, aEnd);
    put(out, o, in, bEnd, in.length);
    return out;
  }

  /** Sets the first byte (a frame's message tag) or a random one to a random, maybe unknown, tag. */
  private byte[] randomTag(byte[] in) {
    byte[] out = in.clone();
    int at = random.nextBoolean() ? 0 : random.nextInt(out.length);
    out[at] = (byte) random.nextInt(RecordWire.messageTypes().size() + 8);
    return out;
  }

  /** {@code in} with {@code [from, to)} replaced by {@code with}. */
  private static byte[] splice(byte[] in, int from, int to, byte[] with) {
    byte[] out = new byte[in.length - (to - from) + with.length];
    int o = put(out, 0, in, 0, from);
    o = put(out, o, with, 0, with.length);
    put(out, o, in, to, in.length);
    return out;
  }

  private static int put(byte[] out, int at, byte[] from, int start, int end) {
    System.arraycopy(from, start, out, at, end - start);
    return at + end - start;
  }

  private static byte[] varInt(int v) {
    byte[] out = new byte[5];
    int n = 0;
    while ((v & ~0x7f) != 0) {
      out[n++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out[n++] = (byte) v;
    return Arrays.copyOf(out, n);
  }
}
