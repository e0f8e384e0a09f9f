package dev.weft.bench;

/** Runs a measurement after warm-up runs, several times, and keeps every figure. */
final class Repeat {

  /** One run of a measurement, returning its figure. */
  @FunctionalInterface
  interface Run {
    double once() throws Exception;
  }

  private Repeat() {}

  /** {@code warmups} runs thrown away, then {@code reps} runs kept. */
  static Stats of(int warmups, int reps, Run run) throws Exception {
    for (int i = 0; i < warmups; i++) {
      run.once();
    }
    double[] out = new double[reps];
    for (int i = 0; i < reps; i++) {
      out[i] = run.once();
    }
    return Stats.of(out);
  }
}
