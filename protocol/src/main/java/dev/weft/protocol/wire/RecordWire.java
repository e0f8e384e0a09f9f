package dev.weft.protocol.wire;

import dev.weft.protocol.Batch;
import dev.weft.protocol.MalformedMessageException;
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
 *
 * <p>Reading trusts nothing: any bytes either give a message or a {@link MalformedMessageException}
 * (see {@link #readMessage}), and nothing is allocated for a count or length the frame's bytes
 * cannot hold.
 */
final class RecordWire {

  /** Every concrete message record, in a stable order: a record's tag is its index. */
  private static final List<Class<?>> MESSAGE_TYPES = concreteMessageTypes();
  /** Tag of each class in {@link #MESSAGE_TYPES}. */
  private static final Map<Class<?>, Integer> TAGS = tags();
  /** Reflective shape of each record met so far; filled once per class. */
  private static final Map<Class<?>, Shape> SHAPES = new java.util.concurrent.ConcurrentHashMap<>();

  static {
    // Every shape up front: the first message of a rare type (a refusal path) then costs no
    // reflection on the event loop that receives it.
    for (Class<?> type : MESSAGE_TYPES) {
      learn(type);
    }
  }
  /** Constants of each enum met so far, indexed by ordinal (getEnumConstants copies on every call). */
  private static final ClassValue<Object[]> ENUM_CONSTANTS = new ClassValue<>() {
    @Override
    protected Object[] computeValue(Class<?> type) {
      return type.getEnumConstants();
    }
  };
  /** Deepest message nesting a frame may have: a top-level message, and the messages of a Batch. */
  private static final int MAX_MESSAGE_DEPTH = 2;

  /** Turns payload values into bytes when writing; never null. */
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

  /**
   * Reads one message that must fill the rest of {@code in}.
   *
   * @throws MalformedMessageException when the bytes are not exactly one message's encoding
   */
  Message readMessage(WireReader in) {
    Message message = readMessage(in, 1);
    if (in.remaining() != 0) {
      throw new MalformedMessageException(
          in.remaining() + " trailing bytes after a " + message.getClass().getSimpleName());
    }
    return message;
  }

  /** Reads a tag and its message, {@code depth} messages deep (1 for the frame's own). */
  private Message readMessage(WireReader in, int depth) {
    if (depth > MAX_MESSAGE_DEPTH) {
      throw new MalformedMessageException("messages nested deeper than " + MAX_MESSAGE_DEPTH);
    }
    int tag = in.readByte() & 0xff;
    if (tag >= MESSAGE_TYPES.size()) {
      throw new MalformedMessageException("unknown message tag " + tag);
    }
    Class<?> type = MESSAGE_TYPES.get(tag);
    if (depth > 1 && type == Batch.class) {
      throw new MalformedMessageException("a Batch may not contain a Batch");
    }
    return (Message) readRecord(in, type, depth);
  }

  private void writeRecord(Buffer out, Object record) {
    Shape shape = shape(record.getClass());
    for (int i = 0; i < shape.accessors.length; i++) {
      write(out, shape.types[i], invoke(shape.accessors[i], record));
    }
  }

  private Object readRecord(WireReader in, Class<?> type, int depth) {
    Shape shape = shape(type);
    Object[] values = new Object[shape.types.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = read(in, shape.types[i], depth);
    }
    try {
      return shape.constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException refused) {
        throw new MalformedMessageException("cannot rebuild " + type.getSimpleName() + ": " + refused, refused);
      }
      throw (Error) e.getCause();
    } catch (InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException("cannot rebuild " + type.getSimpleName(), e);
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
      if (value instanceof Batch) {
        throw new IllegalArgumentException("a Batch may not contain a Batch");
      }
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

  /** Reads a value of {@code type} inside a message {@code depth} messages deep. */
  private Object read(WireReader in, Type type, int depth) {
    if (type instanceof ParameterizedType p) {
      return readCollection(in, p, depth);
    }
    Class<?> c = (Class<?>) type;
    if (c == int.class || c == Integer.class) {
      return in.readVarInt();
    } else if (c == long.class || c == Long.class) {
      return in.readLong();
    } else if (c == double.class || c == Double.class) {
      return in.readDouble();
    } else if (c == boolean.class || c == Boolean.class) {
      return in.readBoolean();
    } else if (c == String.class) {
      byte[] b = readBytes(in);
      return b == null ? null : new String(b, StandardCharsets.UTF_8);
    } else if (c == Payload.class) {
      byte[] b = readBytes(in);
      return b == null ? null : Payload.ofBytes(b);
    } else if (c.isEnum()) {
      return readEnum(in, c);
    } else if (c == Message.class || Message.class.isAssignableFrom(c) && c.isInterface()) {
      return readMessage(in, depth + 1);
    } else if (c.isRecord()) {
      return in.readBoolean() ? readRecord(in, c, depth) : null;
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

  private Object readCollection(WireReader in, ParameterizedType p, int depth) {
    Type[] args = p.getActualTypeArguments();
    if (p.getRawType() == List.class) {
      int n = in.readCount("list elements", 1);
      List<Object> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(read(in, args[0], depth));
      }
      return list;
    }
    int n = in.readCount("map entries", 2);
    Map<Object, Object> map = new LinkedHashMap<>(n + n / 3 + 1);
    for (int i = 0; i < n; i++) {
      Object k = read(in, args[0], depth);
      map.put(k, read(in, args[1], depth));
    }
    if (map.size() != n) {
      throw new MalformedMessageException("map of " + n + " entries repeats a key");
    }
    return map;
  }

  private static Object readEnum(WireReader in, Class<?> type) {
    Object[] constants = ENUM_CONSTANTS.get(type);
    int ordinal = in.readVarInt();
    if (ordinal < 0 || ordinal >= constants.length) {
      throw new MalformedMessageException("no " + type.getSimpleName() + " with ordinal " + ordinal);
    }
    return constants[ordinal];
  }

  private static void writeBytes(Buffer out, byte[] bytes) {
    if (bytes == null) {
      writeVarInt(out, 0);
    } else {
      writeVarInt(out, bytes.length + 1);
      out.appendBytes(bytes);
    }
  }

  /** Bytes written by {@link #writeBytes}: their length plus one (0 for null), then the bytes. */
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

  /** Records the shape of record {@code type} and of every record type its components mention. */
  private static void learn(Type type) {
    if (type instanceof ParameterizedType p) {
      for (Type arg : p.getActualTypeArguments()) {
        learn(arg);
      }
    } else if (type instanceof Class<?> c && c.isRecord() && !SHAPES.containsKey(c)) {
      Shape s = shape(c);
      for (Type component : s.types) {
        learn(component);
      }
    }
  }

  private static Shape shape(Class<?> type) {
    return SHAPES.computeIfAbsent(type, Shape::of);
  }

  /** The protocol version of these message types (see {@link ProtocolVersion}). */
  static int protocolVersion() {
    return ProtocolVersion.of(MESSAGE_TYPES);
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
