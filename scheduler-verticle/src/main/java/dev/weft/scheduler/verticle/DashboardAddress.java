package dev.weft.scheduler.verticle;


/**
 * A dashboard address as dask writes it: {@code ":8787"} (the port on this scheduler's host),
 * {@code ":0"} (any free port) or {@code "host:port"}.
 */
final class DashboardAddress {

  private DashboardAddress() {}

  /** {@code address} itself when well formed or null; else an IllegalArgumentException naming the key. */
  static String check(String address) {
    if (address != null && !address.matches("[^:]*:\\d{1,5}")) {
      throw new IllegalArgumentException("dashboardAddress: must look like \":8787\", \":0\" or \"host:port\", got \""
          + address + "\"");
    }
    if (address != null && port(address) > 65535) {
      throw new IllegalArgumentException("dashboardAddress: port must be 0..65535, got \"" + address + "\"");
    }
    return address;
  }

  /** The host part, or {@code schedulerHost} (the host the scheduler's node binds) when empty. */
  static String host(String address, String schedulerHost) {
    String host = address.substring(0, address.lastIndexOf(':'));
    return host.isEmpty() ? schedulerHost : host;
  }

  /** The port part. */
  static int port(String address) {
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }
}
