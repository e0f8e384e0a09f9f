package dev.weft.protocol;

import java.util.List;
import java.util.UUID;

/**
 * A peer worker or a client asks a worker for values (a request; answered by {@link DataReply}).
 * {@code jvm} identifies the asker's JVM ({@link #THIS_JVM} there): an asker in the worker's own
 * JVM gets the values by reference, even on a clustered event bus.
 */
public record GetData(List<String> keys, String jvm) implements ToWorker {

  /** This JVM's identity, random per process. */
  public static final String THIS_JVM = UUID.randomUUID().toString();

  /** A request from this JVM. */
  public GetData(List<String> keys) {
    this(keys, THIS_JVM);
  }

  /** True when the asker runs in this JVM. */
  public boolean fromThisJvm() {
    return THIS_JVM.equals(jvm);
  }
}
