package dev.weft.worker.verticle;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures the memory of a worker that has its JVM to itself, as dask's memory monitor measures a
 * worker process — here the heap, which is what the memory limit sets (the JVM's own memory comes
 * on top): the heap still in use after garbage collection. A young collection leaves old garbage
 * counted, so its measurement is an upper bound; a full collection leaves only live objects.
 * Collections are observed through the JVM's notifications.
 */
final class MemoryMonitor implements AutoCloseable {

  /** Names of the heap's memory pools. */
  private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
  /** The collectors listened to, with the listener added to each. */
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::collected;
  /** Heap in use after the latest collection of any kind (old garbage survives a young one); before the first, at start. */
  private volatile long heapAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  /** Heap in use after the latest full collection (only live objects left); -1 before the first. */
  private volatile long heapAfterFullGc = -1;
  /** Full collections seen so far; only grows. */
  private volatile long fullCollections;
  /** When the latest full collection ended (System.nanoTime), or the monitor started. */
  private volatile long lastFullCollectionNanos = System.nanoTime();
  /** Collections seen so far; only grows. */
  private volatile long collections;
  /** When the latest collection ended (System.nanoTime), or the monitor started. */
  private volatile long lastCollectionNanos = System.nanoTime();

  MemoryMonitor() {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
  }

  private void collected(Notification n, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    heapAfterGc = used;
    lastCollectionNanos = System.nanoTime();
    collections++;
    if (info.getGcAction().contains("major")) {
      heapAfterFullGc = used;
      lastFullCollectionNanos = lastCollectionNanos;
      fullCollections++;
    }
  }

  /** The heap in use after the latest collection: after a young collection this still counts old garbage, an upper bound. */
  long heapBytes() {
    return heapAfterGc;
  }

  /** The heap in use after the latest full collection (live objects only), or -1 before one. */
  long liveHeapBytes() {
    return heapAfterFullGc;
  }

  /** Full collections seen so far. */
  long fullCollections() {
    return fullCollections;
  }

  /** Nanoseconds since the latest full collection ended (or the monitor started). */
  long nanosSinceFullCollection() {
    return System.nanoTime() - lastFullCollectionNanos;
  }

  /** Collections seen so far. */
  long collections() {
    return collections;
  }

  /** Nanoseconds since the latest collection ended. */
  long nanosSinceCollection() {
    return System.nanoTime() - lastCollectionNanos;
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // not added: nothing to remove
      }
    }
  }
}
