package dev.weft.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@link Addresses} of the workers and clients a component sends to, remembered for the most
 * recently used ids: a scheduler sends a message per task, and building each address anew made a
 * string per message. Confined to one thread (the sender's event loop).
 */
public final class InboxAddresses {

  /** Ids remembered per kind; older ones are built again when next used. */
  static final int KEPT = 1024;

  /** Worker inboxes by worker id, least recently used first; at most {@link #KEPT}. */
  private final Map<String, String> workers = recent();
  /** Client inboxes by client id, least recently used first; at most {@link #KEPT}. */
  private final Map<String, String> clients = recent();

  /** {@link Addresses#worker}. */
  public String worker(String workerId) {
    return of(workers, workerId, Addresses::worker);
  }

  /** {@link Addresses#client}. */
  public String client(String clientId) {
    return of(clients, clientId, Addresses::client);
  }

  private static String of(Map<String, String> known, String id, UnaryOperator<String> address) {
    String a = known.get(id);
    if (a == null) {
      a = address.apply(id);
      known.put(id, a);
    }
    return a;
  }

  private static Map<String, String> recent() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > KEPT;
      }
    };
  }
}
