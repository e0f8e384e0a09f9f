package dev.weft.bench;

/** The trivial task functions of the workloads (method references, so they ship between JVMs). */
final class Tasks {

  private Tasks() {}

  static int inc(int x) {
    return x + 1;
  }

  static int add(int a, int b) {
    return a + b;
  }
}
