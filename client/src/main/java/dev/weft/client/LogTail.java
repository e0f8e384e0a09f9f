package dev.weft.client;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The end of a log file, for {@link LocalCluster#getLogs()}. */
final class LogTail {

  private LogTail() {}

  /** The last {@code maxBytes} of {@code file} from the first whole line on; "" when it cannot be read. */
  static String read(Path file, int maxBytes) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long from = Math.max(0, f.length() - maxBytes);
      byte[] bytes = new byte[(int) (f.length() - from)];
      f.seek(from);
      f.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      int firstLine = from == 0 ? 0 : text.indexOf('\n') + 1;
      return text.substring(firstLine).stripTrailing();
    } catch (IOException e) {
      return "";
    }
  }
}
