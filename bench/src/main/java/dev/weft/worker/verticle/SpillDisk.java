package dev.weft.worker.verticle;

import dev.weft.protocol.ForySerializer;
import dev.weft.protocol.ValueSerializer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * W8's disk path (in the worker's package, for the bench only): a worker's {@link SpillFiles}
 * writing values as a spilling worker does (serialized, an LZ4 probe, compressed when that pays,
 * 1 MiB slices) and reading them back as a task's input does (read, decompressed, deserialized),
 * one value at a time as the worker's ordered writes go.
 */
public final class SpillDisk {

  private SpillDisk() {}

  /** Seconds to write and to read back {@code values}, each under its own file in a fresh directory under {@code dir}. */
  public record Times(double writeSeconds, double readSeconds, long bytesOnDisk) {}

  /** Writes {@code values} and reads them back, checking each against what was written; removes the files. */
  public static Times writeAndRead(Path dir, byte[][] values) {
    ValueSerializer serializer = new ForySerializer();
    SpillFiles files = new SpillFiles(dir, "bench", 0);
    try {
      long start = System.nanoTime();
      for (int i = 0; i < values.length; i++) {
        files.write(i, values[i], serializer);
      }
      long written = System.nanoTime();
      long onDisk = files.bytesOnDisk();
      for (int i = 0; i < values.length; i++) {
        Object back = files.readValue(i, serializer, SpillDisk.class.getClassLoader());
        if (!(back instanceof byte[] b) || !Arrays.equals(b, values[i])) {
          throw new IllegalStateException("spill file " + i + " read back differs from what was written");
        }
      }
      long read = System.nanoTime();
      return new Times((written - start) / 1e9, (read - written) / 1e9, onDisk);
    } catch (SpillFiles.SpillException e) {
      throw new IllegalStateException("cannot spill under " + dir + ": " + e.getMessage(), e);
    } finally {
      files.close();
    }
  }
}
