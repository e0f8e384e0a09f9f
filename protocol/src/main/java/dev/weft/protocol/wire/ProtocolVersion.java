package dev.weft.protocol.wire;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The wire protocol's version: a fingerprint of the shape of every message record, in tag order —
 * each record's components (names and generic types, nested records included) and each enum's
 * constants. Any change that would make two builds misread each other's frames (a message added,
 * a component added, renamed or retyped, an enum constant added) changes it, without anyone having
 * to remember to bump a number.
 */
final class ProtocolVersion {

  private ProtocolVersion() {}

  /** The fingerprint of {@code messageTypes}, in that order. */
  static int of(List<Class<?>> messageTypes) {
    StringBuilder canonical = new StringBuilder(8192);
    Set<Class<?>> seen = new LinkedHashSet<>();
    for (Class<?> type : messageTypes) {
      describe(type, canonical, seen);
    }
    CRC32 crc = new CRC32();
    crc.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }

  /** As text: eight hex digits. */
  static String text(int version) {
    return String.format("%08x", version);
  }

  private static void describe(Class<?> type, StringBuilder out, Set<Class<?>> seen) {
    if (!seen.add(type)) {
      return;
    }
    if (type.isEnum()) {
      out.append(type.getName()).append('[');
      for (Object constant : type.getEnumConstants()) {
        out.append(((Enum<?>) constant).name()).append(',');
      }
      out.append(']');
    } else if (type.isRecord()) {
      out.append(type.getName()).append('{');
      for (RecordComponent c : type.getRecordComponents()) {
        out.append(c.getName()).append(':').append(c.getGenericType().getTypeName()).append(';');
      }
      out.append('}');
      for (RecordComponent c : type.getRecordComponents()) {
        nested(c.getGenericType(), out, seen);
      }
    } else if (type.isSealed()) {
      for (Class<?> sub : type.getPermittedSubclasses()) {
        describe(sub, out, seen);
      }
    }
  }

  private static void nested(Type type, StringBuilder out, Set<Class<?>> seen) {
    if (type instanceof ParameterizedType p) {
      for (Type arg : p.getActualTypeArguments()) {
        nested(arg, out, seen);
      }
    } else if (type instanceof Class<?> c && (c.isRecord() || c.isEnum() || c.isSealed())) {
      describe(c, out, seen);
    }
  }
}
