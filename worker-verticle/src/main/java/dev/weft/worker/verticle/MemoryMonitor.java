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
 * worker process: the heap still in use after the latest garbage collection (what live values and
 * other live objects take; garbage not yet collected does not count) plus the JVM's non-heap memory
 * (classes, compiled code). Collections are observed through the JVM's notifications.
 */
final class MemoryMonitor implements AutoCloseable {

  /** Names of the heap's memory pools. */
  private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
  /** The collectors listened to, with the listener added to each. */
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::collected;
  /** Heap in use after the latest collection; before the first, the heap in use at start. */
  private volatile long heapAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
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
  }

  /** The process memory as measured now: heap in use after the latest collection plus non-heap in use. */
  long processBytes() {
    return heapAfterGc + ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed();
  }

  /**
   * The process memory as it may be now: the heap in use including garbage not yet collected, plus
   * non-heap. Above a threshold, a collection tells whether the memory is really in use.
   */
  long upperBoundBytes() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()
        + ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed();
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
