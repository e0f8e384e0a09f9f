package dev.weft.worker.verticle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link ValueFill} and {@link RawArrays} without a socket: every layout, split anywhere. */
class ValueFillTest {

  /** The wire bytes of {@code array}, as the sender writes them. */
  private static byte[] wire(Object array) {
    ByteBuffer out = ByteBuffer.allocate((int) RawArrays.byteLength(array));
    RawArrays.copyOut(array, 0, out);
    assertEquals(0, out.remaining(), "the whole array fits its byte length");
    return out.array();
  }

  /** Feeds {@code bytes} to a fill in pieces of random sizes from 1 to {@code maxPiece}. */
  private static Object refill(String layout, byte[] bytes, int maxPiece, long seed) {
    ValueFill fill = new ValueFill(layout, bytes.length);
    Random random = new Random(seed);
    for (int at = 0; at < bytes.length; ) {
      int n = Math.min(bytes.length - at, 1 + random.nextInt(maxPiece));
      fill.accept(ByteBuffer.wrap(bytes, at, n));
      at += n;
    }
    assertEquals(bytes.length, fill.received());
    return fill.target();
  }

  @Test
  void everyLayoutArrivesWholeHoweverTheBytesAreSplit() {
    Random r = new Random(7);
    double[] d = r.doubles(1001).toArray();
    long[] l = r.longs(999).toArray();
    int[] i = r.ints(1003).toArray();
    float[] f = new float[1005];
    short[] s = new short[1007];
    char[] c = new char[1009];
    byte[] b = new byte[1011];
    for (int k = 0; k < f.length; k++) {
      f[k] = r.nextFloat();
    }
    for (int k = 0; k < s.length; k++) {
      s[k] = (short) r.nextInt();
      c[k] = (char) r.nextInt();
    }
    r.nextBytes(b);
    for (int maxPiece : List.of(1, 3, 7, 13, 4096)) {
      assertArrayEquals(d, (double[]) refill("double[]", wire(d), maxPiece, maxPiece));
      assertArrayEquals(l, (long[]) refill("long[]", wire(l), maxPiece, maxPiece));
      assertArrayEquals(i, (int[]) refill("int[]", wire(i), maxPiece, maxPiece));
      assertArrayEquals(f, (float[]) refill("float[]", wire(f), maxPiece, maxPiece));
      assertArrayEquals(s, (short[]) refill("short[]", wire(s), maxPiece, maxPiece));
      assertArrayEquals(c, (char[]) refill("char[]", wire(c), maxPiece, maxPiece));
      assertArrayEquals(b, (byte[]) refill("byte[]", wire(b), maxPiece, maxPiece));
    }
  }

  @Test
  void serializedBytesAreCopiedAsTheyCome() {
    byte[] bytes = new byte[10_000];
    new Random(3).nextBytes(bytes);
    assertArrayEquals(bytes, (byte[]) refill("", bytes, 17, 1));
  }

  @Test
  void aBadLayoutOrLengthIsRefusedBeforeAnythingIsAllocated() {
    assertEquals("unknown array layout 'Object[]'",
        assertThrows(IllegalArgumentException.class, () -> new ValueFill("Object[]", 8)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ValueFill("double[]", 12), "not whole doubles");
    assertThrows(IllegalArgumentException.class, () -> new ValueFill("long[]", -8));
    assertThrows(IllegalArgumentException.class, () -> new ValueFill("double[]", 8L * Integer.MAX_VALUE), "too many elements");
    assertThrows(IllegalArgumentException.class, () -> new ValueFill("", 1L << 40), "too many bytes");
  }

  @Test
  void onlyPrimitiveArraysOfFixedWidthTravelRaw() {
    assertEquals("double[]", RawArrays.layoutOf(new double[1]));
    assertEquals("byte[]", RawArrays.layoutOf(new byte[1]));
    assertEquals(RawArrays.SERIALIZED, RawArrays.layoutOf(new boolean[1]));
    assertEquals(RawArrays.SERIALIZED, RawArrays.layoutOf(new Double[1]));
    assertEquals(RawArrays.SERIALIZED, RawArrays.layoutOf("text"));
    assertEquals(80, RawArrays.byteLength(new long[10]));
  }
}
