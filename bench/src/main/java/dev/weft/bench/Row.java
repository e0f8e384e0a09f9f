package dev.weft.bench;

/**
 * One line of the result table: a figure of one workload on Weft in-process, on Weft with worker
 * JVMs and on dask.distributed (any may be absent), and the target it must reach.
 *
 * @param id the workload (W1…W7)
 * @param what what is measured, with its unit
 * @param inProcess Weft, scheduler and 2 workers × 1 thread in one JVM
 * @param multiJvm Weft, scheduler here and 2 worker JVMs × 1 thread
 * @param dask the same workload on dask.distributed
 * @param target the figure to reach
 */
record Row(String id, String what, Stats inProcess, Stats multiJvm, Stats dask, Target target) {

  /** How many times better Weft is than dask (Weft's in-process figure, else its multi-JVM one). */
  Double timesDask() {
    Stats weft = inProcess != null ? inProcess : multiJvm;
    if (weft == null || dask == null || weft.median() == 0 || dask.median() == 0) {
      return null;
    }
    return target.higherIsBetter() ? weft.median() / dask.median() : dask.median() / weft.median();
  }

  /** "yes", "no", or "—" when the row has no target or no figure to judge. */
  String met() {
    Boolean in = target.meets(target.inProcess(), inProcess);
    Boolean multi = target.meets(target.multiJvm(), multiJvm);
    if (in == null && multi == null) {
      return "—";
    }
    return (in == null || in) && (multi == null || multi) ? "yes" : "no";
  }
}
