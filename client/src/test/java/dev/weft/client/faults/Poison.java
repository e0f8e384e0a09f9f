package dev.weft.client.faults;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A value that leaves a mark wherever it is deserialized: a file named after the JVM's pid in the
 * directory it carries. Shows which JVMs read user values (workers) and which never do (the
 * scheduler).
 */
public final class Poison implements Externalizable {

  private static final long serialVersionUID = 1L;

  /** Where marks go; set by the constructor or by reading. */
  private String dir;
  /** The payload a task computes with. */
  private int n;

  /** For deserialization. */
  public Poison() {}

  Poison(Path dir, int n) {
    this.dir = dir.toString();
    this.n = n;
  }

  int n() {
    return n;
  }

  /** The pids of the JVMs that deserialized a Poison marking {@code dir}. */
  static java.util.Set<Long> readers(Path dir) throws IOException {
    try (var marks = Files.list(dir)) {
      return marks.map(p -> Long.parseLong(p.getFileName().toString())).collect(java.util.stream.Collectors.toSet());
    }
  }

  @Override
  public void writeExternal(ObjectOutput out) throws IOException {
    out.writeUTF(dir);
    out.writeInt(n);
  }

  @Override
  public void readExternal(ObjectInput in) throws IOException {
    dir = in.readUTF();
    n = in.readInt();
    try {
      Files.createFile(Path.of(dir, String.valueOf(ProcessHandle.current().pid())));
    } catch (java.nio.file.FileAlreadyExistsException markedBefore) {
      // this JVM read a Poison before
    }
  }
}
