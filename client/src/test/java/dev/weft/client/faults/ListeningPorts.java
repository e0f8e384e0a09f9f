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

  /** The TCP ports {@code pid} listens on. */
  static Set<Integer> of(long pid) {
    Set<Integer> ports = new TreeSet<>();
    for (String socket : sockets(pid)) {
      ports.add(Integer.parseInt(socket.substring(socket.lastIndexOf(':') + 1)));
    }
    return ports;
  }

  /** The IPv4 addresses a process listens on (other IPv6 listeners are left out). */
  static Set<String> hostsOf(long pid) {
    Set<String> hosts = new TreeSet<>();
    for (String socket : sockets(pid)) {
      if (!socket.startsWith("[")) {
        hosts.add(socket.substring(0, socket.lastIndexOf(':')));
      }
    }
    return hosts;
  }

  /** The listening sockets of a process, as "a.b.c.d:port" (IPv4) or "[hex]:port" (IPv6). */
  private static Set<String> sockets(long pid) {
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
      Set<String> sockets = new TreeSet<>();
      for (String table : List.of("tcp", "tcp6")) {
        Path file = Path.of("/proc", String.valueOf(pid), "net", table);
        if (!Files.exists(file)) {
          continue;
        }
        List<String> lines = Files.readAllLines(file); // read once: the table changes between two reads
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9 && LISTEN.equals(f[3]) && inodes.contains(f[9])) {
            sockets.add(socket(f[1]));
          }
        }
      }
      return sockets;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sockets of pid " + pid, e);
    }
  }

  /**
   * "0100007F:1F90" (an IPv4 address in little-endian hex, then the port) as "127.0.0.1:8080"; an
   * IPv4-mapped IPv6 address (a Java socket bound to an IPv4 address) as its IPv4 address.
   */
  private static String socket(String hex) {
    String address = hex.substring(0, hex.indexOf(':'));
    int port = Integer.parseInt(hex.substring(hex.indexOf(':') + 1), 16);
    if (address.length() == 32 && address.startsWith("0000000000000000FFFF0000")) {
      address = address.substring(24);
    }
    if (address.length() != 8) {
      return "[" + address + "]:" + port;
    }
    long a = Long.parseLong(address, 16);
    return (a & 0xff) + "." + (a >> 8 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 24 & 0xff) + ":" + port;
  }
}
