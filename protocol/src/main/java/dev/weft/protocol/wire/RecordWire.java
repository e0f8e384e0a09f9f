package dev.weft.protocol.wire;

import dev.weft.protocol.Message;
import dev.weft.protocol.Payload;
import dev.weft.protocol.ValueSerializer;
import io.vertx.core.buffer.Buffer;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary form of the protocol records, derived from their components: strings and payloads as
 * length-prefixed bytes, numbers fixed-width or varint, lists and maps as counts then entries,
 * nested records inline, and a one-byte tag wherever a sealed {@link Message} type is expected.
 * Payload bytes come from the {@link ValueSerializer} and are never decoded here.
 */
final class RecordWire {

  /** Every concrete message record, in a stable order: a record's tag is its index. */
  private static final List<Class<?>> MESSAGE_TYPES = concreteMessageTypes();
  /** Tag of each class in {@link #MESSAGE_TYPES}. */
  private static final Map<Class<?>, Integer> TAGS = tags();
  /** Reflective shape of each record met so far; filled once per class. */
  private static final Map<Class<?>, Shape> SHAPES = new java.util.concurrent.ConcurrentHashMap<>();

  private final ValueSerializer serializer;

  RecordWire(ValueSerializer serializer) {
    this.serializer = serializer;
  }

  void writeMessage(Buffer out, Message message) {
    Integer tag = TAGS.get(message.getClass());
    if (tag == null) {
      throw new IllegalArgumentException("not a protocol message: " + message.getClass());
    }
    out.appendByte(tag.byteValue());
    writeRecord(out, message);
  }

  Message readMessage(WireReader in) {
    int tag = in.readByte() & 0xff;
    if (tag >= MESSAGE_TYPES.size()) {
      throw new IllegalArgumentException("unknown message tag " + tag);
    }
    return (Message) readRecord(in, MESSAGE_TYPES.get(tag));
  }

  private void writeRecord(Buffer out, Object record) {
    Shape shape = shape(record.getClass());
    for (int i = 0; i < shape.accessors.length; i++) {
      write(out, shape.types[i], invoke(shape.accessors[i], record));
    }
  }

  private Object readRecord(WireReader in, Class<?> type) {
    Shape shape = shape(type);
    Object[] values = new Object[shape.types.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = read(in, shape.types[i]);
    }
    try {
      return shape.constructor.newInstance(values);
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalArgumentException("cannot rebuild " + type.getSimpleName(), e);
    }
  }

  private void write(Buffer out, Type type, Object value) {
    if (type instanceof ParameterizedType p) {
      writeCollection(out, p, value);
      return;
    }
    Class<?> c = (Class<?>) type;
    if (c == int.class || c == Integer.class) {
      writeVarInt(out, (Integer) value);
    } else if (c == long.class || c == Long.class) {
      out.appendLong((Long) value);
    } else if (c == double.class || c == Double.class) {
      out.appendDouble((Double) value);
    } else if (c == boolean.class || c == Boolean.class) {
      out.appendByte((byte) ((Boolean) value ? 1 : 0));
    } else if (c == String.class) {
      writeBytes(out, value == null ? null : ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (c == Payload.class) {
      writeBytes(out, value == null ? null : ((Payload) value).bytes(serializer));
    } else if (c.isEnum()) {
      writeVarInt(out, ((Enum<?>) value).ordinal());
    } else if (c == Message.class || Message.class.isAssignableFrom(c) && c.isInterface()) {
      writeMessage(out, (Message) value);
    } else if (c.isRecord()) {
      out.appendByte((byte) (value == null ? 0 : 1));
      if (value != null) {
        writeRecord(out, value);
      }
    } else {
      throw new IllegalArgumentException("no wire form for " + c);
    }
  }

  private Object read(WireReader in, Type type) {
    if (type instanceof ParameterizedType p) {
      return readCollection(in, p);
    }
    Class<?> c = (Class<?>) type;
    if (c == int.class || c == Integer.class) {
      return in.readVarInt();
    } else if (c == long.class || c == Long.class) {
      return in.readLong();
    } else if (c == double.class || c == Double.class) {
      return in.readDouble();
    } else if (c == boolean.class || c == Boolean.class) {
      return in.readByte() != 0;
    } else if (c == String.class) {
      byte[] b = readBytes(in);
      return b == null ? null : new String(b, StandardCharsets.UTF_8);
    } else if (c == Payload.class) {
      byte[] b = readBytes(in);
      return b == null ? null : Payload.ofBytes(b);
    } else if (c.isEnum()) {
      return c.getEnumConstants()[in.readVarInt()];
    } else if (c == Message.class || Message.class.isAssignableFrom(c) && c.isInterface()) {
      return readMessage(in);
    } else if (c.isRecord()) {
      return in.readByte() == 0 ? null : readRecord(in, c);
    }
    throw new IllegalArgumentException("no wire form for " + c);
  }

  private void writeCollection(Buffer out, ParameterizedType p, Object value) {
    Type[] args = p.getActualTypeArguments();
    if (p.getRawType() == List.class) {
      List<?> list = (List<?>) value;
      writeVarInt(out, list.size());
      for (Object e : list) {
        write(out, args[0], e);
      }
    } else if (p.getRawType() == Map.class) {
      Map<?, ?> map = (Map<?, ?>) value;
      writeVarInt(out, map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        write(out, args[0], e.getKey());
        write(out, args[1], e.getValue());
      }
    } else {
      throw new IllegalArgumentException("no wire form for " + p);
    }
  }

  private Object readCollection(WireReader in, ParameterizedType p) {
    Type[] args = p.getActualTypeArguments();
    int n = in.readVarInt();
    if (p.getRawType() == List.class) {
      List<Object> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(read(in, args[0]));
      }
      return list;
    }
    Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, n * 2));
    for (int i = 0; i < n; i++) {
      Object k = read(in, args[0]);
      map.put(k, read(in, args[1]));
    }
    return map;
  }

  private static void writeBytes(Buffer out, byte[] bytes) {
    if (bytes == null) {
      writeVarInt(out, 0);
    } else {
      writeVarInt(out, bytes.length + 1);
      out.appendBytes(bytes);
    }
  }

  private static byte[] readBytes(WireReader in) {
    int n = in.readVarInt();
    return n == 0 ? null : in.readBytes(n - 1);
  }

  private static void writeVarInt(Buffer out, int v) {
    while ((v & ~0x7f) != 0) {
      out.appendByte((byte) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.appendByte((byte) v);
  }

  private static Object invoke(Method accessor, Object target) {
    try {
      return accessor.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Shape shape(Class<?> type) {
    return SHAPES.computeIfAbsent(type, Shape::of);
  }

  private static List<Class<?>> concreteMessageTypes() {
    List<Class<?>> out = new ArrayList<>();
    collect(Message.class, out);
    out.sort(Comparator.comparing(Class::getName));
    if (out.size() > 255) {
      throw new IllegalStateException("too many message types for a one-byte tag");
    }
    return List.copyOf(out);
  }

  private static void collect(Class<?> type, List<Class<?>> out) {
    if (type.isSealed()) {
      for (Class<?> sub : type.getPermittedSubclasses()) {
        collect(sub, out);
      }
    } else if (!out.contains(type)) {
      out.add(type);
    }
  }

  private static Map<Class<?>, Integer> tags() {
    Map<Class<?>, Integer> tags = new HashMap<>();
    for (int i = 0; i < MESSAGE_TYPES.size(); i++) {
      tags.put(MESSAGE_TYPES.get(i), i);
    }
    return Map.copyOf(tags);
  }

  /** The concrete message records, for tests that check each one round-trips. */
  static List<Class<?>> messageTypes() {
    return MESSAGE_TYPES;
  }

  /** Component accessors, generic types and canonical constructor of one record class. */
  private record Shape(Method[] accessors, Type[] types, Constructor<?> constructor) {
    static Shape of(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      if (components == null) {
        throw new IllegalArgumentException("not a record: " + type);
      }
      Method[] accessors = new Method[components.length];
      Type[] types = new Type[components.length];
      Class<?>[] raw = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        accessors[i] = components[i].getAccessor();
        types[i] = components[i].getGenericType();
        raw[i] = components[i].getType();
      }
      try {
        return new Shape(accessors, types, type.getDeclaredConstructor(raw));
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
