package dev.weft.protocol.jvm;

/** A JVM that becomes warm at once and exits: the child {@link ClassArchiveJvmTest} starts. */
public final class ClassArchiveProbe {

  private ClassArchiveProbe() {}

  /** Says warm, then prints a line and exits normally (the recorder dumps at exit). */
  public static void main(String[] args) {
    ClassArchiveRecorder.warm();
    System.out.println("probe ran");
  }
}
