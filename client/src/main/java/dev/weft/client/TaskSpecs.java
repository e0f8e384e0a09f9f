package dev.weft.client;

import dev.weft.protocol.DependencyRef;
import dev.weft.protocol.KeyCancelled;
import dev.weft.protocol.Payload;
import dev.weft.protocol.Serializers;
import dev.weft.protocol.TaskFunction;
import dev.weft.protocol.TaskOptions;
import dev.weft.protocol.TaskSpec;
import dev.weft.protocol.UnserializableValueException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Builds what a client sends: task specs (the function shipped once per instance, arguments
 * serialized now so that an unshippable one fails the call, futures become dependencies, keys
 * derived for pure calls) and scattered values with their keys. Runs on the caller's thread.
 */
final class TaskSpecs {

  /**
   * Most tasks of one {@link Client#map} per message: the scheduler places the first ones while
   * the rest are still being made, instead of taking a whole large map in one event-loop turn.
   */
  static final int MAP_MESSAGE_TASKS = 10_000;

  /** The client whose futures may be arguments. */
  private final Client client;
  /** True between JVMs: payloads are serialized here; false in one JVM, where they go by reference. */
  private final boolean serialize;

  TaskSpecs(Client client, boolean serialize) {
    this.client = client;
    this.serialize = serialize;
  }

  /** A task spec for {@code call} (the adapter of {@code fn}), its key derived unless given. */
  TaskSpec spec(Object fn, TaskFunction call, Object[] args, TaskOptions options, String key, boolean pure) {
    FunctionInfo info = FunctionInfo.of(fn, call);
    return spec(info, info.payload(call, serialize), args, options, key, pure);
  }

  /**
   * The specs of one task per element of {@code items}, handed to {@code chunk}
   * {@value #MAP_MESSAGE_TASKS} at a time (at least once), so the first tasks go while the
   * rest are being made.
   */
  <A> void map(Fn1<A, ?> fn, Collection<? extends A> items, Consumer<List<TaskSpec>> chunk) {
    TaskFunction call = new Calls.Call1<>(fn);
    FunctionInfo info = FunctionInfo.of(fn, call);
    Payload shipped = info.payload(call, serialize);
    int priority = WorkerContext.subtaskPriority();
    TaskOptions options = priority == 0 ? TaskOptions.DEFAULT : new TaskOptions(priority, 0, List.of(), false, Map.of());
    List<TaskSpec> specs = new ArrayList<>(Math.min(items.size(), MAP_MESSAGE_TASKS));
    boolean handed = false;
    for (A item : items) {
      specs.add(spec(info, shipped, new Object[] {item}, options, null, true));
      if (specs.size() == MAP_MESSAGE_TASKS) {
        chunk.accept(specs);
        handed = true;
        specs = new ArrayList<>(MAP_MESSAGE_TASKS);
      }
    }
    if (!specs.isEmpty() || !handed) {
      chunk.accept(specs);
    }
  }

  /** An impure task calling {@code call}, never serialized (in-process clusters only: payloads go by reference). */
  static TaskSpec unserialized(String name, TaskFunction call) {
    return new TaskSpec(name + "-" + UUID.randomUUID(), name, Payload.of(call), Payload.of(new Object[0]),
        List.of(), TaskOptions.DEFAULT);
  }

  /** True when an argument is a future this client cancelled: the task is cancelled at once. */
  static boolean onCancelledFuture(Object[] args) {
    for (Object a : args) {
      if (a instanceof TaskFuture<?> f && KeyCancelled.CANCELLED.equals(f.state().outcome().cancelReason())) {
        return true;
      }
    }
    return false;
  }

  /** The key of each scattered value: its type and token. */
  static List<String> scatterKeys(List<?> values) {
    List<String> keys = new ArrayList<>(values.size());
    for (Object v : values) {
      String type = v == null ? "null" : v.getClass().getSimpleName().toLowerCase();
      keys.add(Tokens.key(type, 0, new Object[] {v}));
    }
    return keys;
  }

  /**
   * {@code value} as a payload; between JVMs serialized now, so that a value that cannot be
   * shipped fails the call with {@link SerializationException} naming its class instead of
   * failing later, unseen, on an event loop.
   */
  Payload shippable(Object value, String what) {
    if (!serialize) {
      return Payload.of(value);
    }
    try {
      return Payload.of(value, Serializers.DEFAULT.serialize(value));
    } catch (UnserializableValueException e) {
      throw new SerializationException(what + " of " + (value == null ? "null" : value.getClass().getName()),
          e.offendingClass(), e);
    }
  }

  /**
   * A task spec: {@link TaskFuture} arguments become {@link DependencyRef}s, and every
   * {@link DependencyRef} argument (given or converted) becomes a dependency.
   */
  private TaskSpec spec(FunctionInfo info, Payload fn, Object[] args, TaskOptions options, String key, boolean pure) {
    Object[] argv = args.clone();
    List<String> deps = List.of();
    for (int i = 0; i < argv.length; i++) {
      if (argv[i] instanceof TaskFuture<?> f) {
        if (f.client() != client) {
          throw new IllegalArgumentException("argument " + i + " is a future of another client");
        }
        argv[i] = new DependencyRef(f.key());
      }
      if (argv[i] instanceof DependencyRef ref) {
        if (deps.isEmpty()) {
          deps = new ArrayList<>(2);
        }
        if (!deps.contains(ref.key())) {
          deps.add(ref.key());
        }
      }
    }
    String k = key != null ? key
        : pure ? Tokens.key(info.name(), info.token(), argv)
        : info.name() + "-" + UUID.randomUUID();
    return new TaskSpec(k, info.name(), fn, shippable(argv, "arguments"), deps, options);
  }
}
