package dev.weft.client.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The TCP ports a process listens on, read from Linux's {@code /proc} (its socket inodes matched to {@code net/tcp}). */
final class ListeningPorts {

  private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
  /** State 0A is LISTEN in /proc/net/tcp. */
  private static final String LISTEN = "0A";

  private ListeningPorts() {}

  static Set<Integer> of(long pid) {
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
          if (m.matches()) {
            inodes.add(m.group(1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor was closed while listing: not a listening socket then
        }
      }
      Set<Integer> ports = new TreeSet<>();
      for (String table : List.of("tcp", "tcp6")) {
        Path file = Path.of("/proc", String.valueOf(pid), "net", table);
        if (!Files.exists(file)) {
          continue;
        }
        for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9 && LISTEN.equals(f[3]) && inodes.contains(f[9])) {
            ports.add(Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16));
          }
        }
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sockets of pid " + pid, e);
    }
  }
}
