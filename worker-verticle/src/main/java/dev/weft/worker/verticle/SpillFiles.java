package dev.weft.worker.verticle;

import dev.weft.protocol.ValueSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * A worker's spill files: one file per spilled value, in a directory of its own under the local
 * directory, made on the first spill and removed at {@link #close}. A file holds the value's
 * serialized bytes, LZ4-compressed when that saves at least a tenth (a header byte says which,
 * then the serialized length). Blocking: call off the event loop. Thread-safe.
 */
final class SpillFiles {

  /** Header byte of a file holding the serialized bytes as they are. */
  private static final byte RAW = 0;
  /** Header byte of a file holding LZ4 blocks of the serialized bytes. */
  private static final byte LZ4 = 1;
  /** Header: codec byte and serialized length. */
  private static final int HEADER = 5;
  private static final LZ4Factory CODEC = LZ4Factory.fastestInstance();
  /** Bytes read or written per call (see {@link #readFully}). */
  private static final int SLICE_BYTES = 1 << 20;
  /** Bytes of a large value compressed first, to see whether compressing it pays. */
  private static final int PROBE_BYTES = 64 * 1024;

  /** The local directory the worker's own directory goes under. */
  private final Path parent;
  /** The prefix of the worker's own directory's name. */
  private final String prefix;
  /** Bytes the files may take in all; 0 for no bound. */
  private final long maxBytes;
  /** The worker's directory; null until the first spill and after {@link #close}. */
  private Path directory;
  /** True once {@link #close} ran: nothing is written any more. */
  private boolean closed;
  /** Bytes the files take now. */
  private final AtomicLong onDisk = new AtomicLong();
  /** Bytes read back since start; only grows. */
  private final AtomicLong read = new AtomicLong();

  /** Spill files of worker {@code workerId} under {@code parent}, at most {@code maxBytes} of them (0: no bound). */
  SpillFiles(Path parent, String workerId, long maxBytes) {
    this.parent = parent;
    this.prefix = "weft-" + workerId.replaceAll("[^A-Za-z0-9._-]", "_") + "-spill-";
    this.maxBytes = maxBytes;
  }

  /** Why a value could not be written. */
  static final class SpillException extends Exception {
    /** True when the directory is at fault (unwritable, full, bound reached), false when the value is. */
    final boolean disk;

    SpillException(String message, boolean disk, Throwable cause) {
      super(message, cause);
      this.disk = disk;
    }
  }

  /** Writes {@code value} as file {@code id}; returns the file's length. */
  long write(long id, Object value, ValueSerializer serializer) throws SpillException {
    ValueSerializer.Serialized bytes;
    try {
      bytes = serializer.serializeToSlice(value);
    } catch (RuntimeException e) {
      throw new SpillException("cannot serialize " + (value == null ? "null" : value.getClass().getName()) + ": " + e.getMessage(), false, e);
    }
    ByteBuffer packed = compress(bytes);
    ByteBuffer body = packed != null ? packed : ByteBuffer.wrap(bytes.array(), 0, bytes.length());
    long length = HEADER + body.remaining();
    if (maxBytes > 0 && onDisk.get() + length > maxBytes) {
      throw new SpillException("the spill bound of " + maxBytes + " bytes is reached", true, null);
    }
    Path file;
    try {
      file = file(id, true);
    } catch (IOException e) {
      throw new SpillException("cannot make a directory under " + parent + ": " + e, true, e);
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER).put(packed != null ? LZ4 : RAW).putInt(bytes.length()).flip();
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (header.hasRemaining()) {
        out.write(header);
      }
      writeInSlices(out, body);
    } catch (IOException e) {
      deleteQuietly(file);
      throw new SpillException("cannot write " + file + ": " + e, true, e);
    }
    onDisk.addAndGet(length);
    return length;
  }

  /** The serialized bytes of file {@code id}, in an array of their exact length. */
  byte[] readSerialized(long id) {
    Path file;
    try {
      file = file(id, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spill file " + id + ": " + e.getMessage(), e);
    }
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      readFully(in, header);
      header.flip();
      byte codec = header.get();
      int length = header.getInt();
      long stored = in.size() - HEADER;
      read.addAndGet(in.size());
      if (codec == RAW) {
        byte[] out = new byte[length];
        readFully(in, ByteBuffer.wrap(out));
        return out;
      }
      byte[] packed = new byte[Math.toIntExact(stored)];
      readFully(in, ByteBuffer.wrap(packed));
      byte[] out = new byte[length];
      LZ4FastDecompressor d = CODEC.fastDecompressor();
      d.decompress(packed, 0, out, 0, length);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spill file " + file + ": " + e, e);
    }
  }

  /**
   * Reads {@code into} full, {@link #SLICE_BYTES} at a time: the JDK copies a heap buffer through a
   * direct buffer of its size, which each thread keeps; a slice bounds that to 1 MiB per thread.
   */
  private static void readFully(FileChannel in, ByteBuffer into) throws IOException {
    int end = into.limit();
    while (into.position() < end) {
      into.limit(Math.min(end, into.position() + SLICE_BYTES));
      if (in.read(into) < 0) {
        throw new IOException("the file ends early");
      }
    }
    into.limit(end);
  }

  /** Writes {@code body} whole, {@link #SLICE_BYTES} at a time (see {@link #readFully}). */
  private static void writeInSlices(FileChannel out, ByteBuffer body) throws IOException {
    int end = body.limit();
    while (body.position() < end) {
      body.limit(Math.min(end, body.position() + SLICE_BYTES));
      out.write(body);
    }
  }

  /** The value of file {@code id}, read with {@code serializer}, its classes through {@code loader}. */
  Object readValue(long id, ValueSerializer serializer, ClassLoader loader) {
    return serializer.deserialize(readSerialized(id), loader);
  }

  /** Deletes file {@code id} (nothing when it is gone). */
  void delete(long id) {
    try {
      Path file = file(id, false);
      long length = Files.size(file);
      if (Files.deleteIfExists(file)) {
        onDisk.addAndGet(-length);
      }
    } catch (IOException e) {
      // gone already, or the directory is: nothing to free
    }
  }

  /** Bytes read back from spill files since start. */
  long readBytes() {
    return read.get();
  }

  /** Bytes the spill files take now. */
  long bytesOnDisk() {
    return onDisk.get();
  }

  /** Removes every spill file and the worker's directory. */
  synchronized void close() {
    closed = true;
    Path dir = directory;
    directory = null;
    onDisk.set(0);
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(SpillFiles::deleteQuietly);
    } catch (IOException e) {
      deleteQuietly(dir);
    }
  }

  private synchronized Path file(long id, boolean create) throws IOException {
    if (closed) {
      throw new IOException("the spill files are closed");
    }
    if (directory == null) {
      if (!create) {
        throw new IOException("no spill directory");
      }
      Files.createDirectories(parent);
      directory = Files.createTempDirectory(parent, prefix);
    }
    return directory.resolve(Long.toString(id));
  }

  /**
   * LZ4 of the bytes when that saves at least a tenth, else null. Small values are not tried, and a
   * large one only when its first {@value #PROBE_BYTES} bytes compress that well (random or already
   * compressed data costs no second buffer of its size).
   */
  private static ByteBuffer compress(ValueSerializer.Serialized bytes) {
    if (bytes.length() < 1024) {
      return null;
    }
    LZ4Compressor c = CODEC.fastCompressor();
    if (bytes.length() > PROBE_BYTES) {
      byte[] probe = new byte[c.maxCompressedLength(PROBE_BYTES)];
      if (c.compress(bytes.array(), 0, PROBE_BYTES, probe, 0, probe.length) > PROBE_BYTES * 0.9) {
        return null;
      }
    }
    byte[] packed = new byte[c.maxCompressedLength(bytes.length())];
    int n = c.compress(bytes.array(), 0, bytes.length(), packed, 0, packed.length);
    return n <= bytes.length() * 0.9 ? ByteBuffer.wrap(packed, 0, n) : null;
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort: the directory goes at close
    }
  }
}
