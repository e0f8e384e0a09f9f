package dev.weft.worker.state;

import static dev.weft.worker.state.WorkerSpecs.SIZE_OF;
import static dev.weft.worker.state.WorkerSpecs.W;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.protocol.ComputeTask;
import dev.weft.protocol.FreeKeys;
import dev.weft.protocol.TaskErred;
import dev.weft.protocol.TaskFinished;
import dev.weft.protocol.ToWorker;
import dev.weft.protocol.state.EdgeCoverage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;

/**
 * What the worker state tests share: workers in validate mode, stimuli fed at a ticking time, and
 * the transitions each test took recorded for {@link EveryEdgeTakenTest}. Invariants are checked
 * after every stimulus and once more after every test.
 */
abstract class WorkerStateTestBase {

  /** Time of the first stimulus; each later one comes a millisecond later. */
  static final long T0 = 1_764_340_000_000L;

  /** States made by the current test; validated and counted after it. */
  private final List<WorkerState> states = new ArrayList<>();
  /** Time of the next stimulus. */
  private long now = T0;

  /** A worker with {@code nthreads} and no resources, checking its invariants after every stimulus. */
  static WorkerState newWorker(int nthreads, Map<String, Double> resources) {
    return new WorkerState(new WorkerConfig(W, nthreads, 0, resources, Long.MAX_VALUE, true), v -> SIZE_OF);
  }

  /** A worker with one thread, {@code memoryLimit} bytes and {@code memory} settings, validating. */
  WorkerState workerWithMemory(long memoryLimit, MemorySettings memory) {
    WorkerState state = new WorkerState(
        new WorkerConfig(W, 1, memoryLimit, Map.of(), Long.MAX_VALUE, true, memory), v -> SIZE_OF);
    states.add(state);
    return state;
  }

  WorkerState worker(int nthreads) {
    return worker(nthreads, Map.of());
  }

  WorkerState worker(int nthreads, Map<String, Double> resources) {
    WorkerState state = newWorker(nthreads, resources);
    states.add(state);
    return state;
  }

  @AfterEach
  void validateAndCount() {
    for (WorkerState state : states) {
      state.validate();
      EdgeCoverage.record(state.transitionCounts());
    }
  }

  /**
   * {@code message}'s instructions, after checking that each TaskFinished or TaskErred they send
   * carries the message's stimulus id, which is then blanked so expectations need not repeat it.
   */
  List<Instruction> handle(WorkerState w, ToWorker message) {
    String id = message instanceof ComputeTask c ? Pattern.quote(c.stimulusId())
        : message instanceof FreeKeys f ? Pattern.quote(f.stimulusId())
        : message.getClass().getSimpleName() + "-\\d+";
    return blankIds(w.handle(message, now++), id);
  }

  /** As {@link #handle(WorkerState, ToWorker)}, for the worker's own stimuli ({@code w1:<Name>-<seq>}). */
  List<Instruction> handle(WorkerState w, WorkerStimulus stimulus) {
    return blankIds(w.handle(stimulus, now++), W + ":" + stimulus.getClass().getSimpleName() + "-\\d+");
  }

  private static List<Instruction> blankIds(List<Instruction> instructions, String idPattern) {
    List<Instruction> out = new ArrayList<>(instructions.size());
    for (Instruction i : instructions) {
      if (i instanceof SendToScheduler s && s.message() instanceof TaskFinished f) {
        assertTrue(f.stimulusId().matches(idPattern), f.stimulusId() + " is not " + idPattern);
        out.add(new SendToScheduler(new TaskFinished(
            f.workerId(), f.key(), f.nbytes(), f.type(), f.startMillis(), f.stopMillis(), f.inline(), "")));
      } else if (i instanceof SendToScheduler s && s.message() instanceof TaskErred e) {
        assertTrue(e.stimulusId().matches(idPattern), e.stimulusId() + " is not " + idPattern);
        out.add(new SendToScheduler(new TaskErred(e.workerId(), e.key(), e.error(), e.startMillis(), e.stopMillis(), "")));
      } else {
        out.add(i);
      }
    }
    return out;
  }
}
