package dev.weft.worker.verticle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The task threads as slots, on real threads: who takes queued runs, how many run at once, seceding. */
class TaskSlotsTest {

  private static final long WAIT_SECONDS = 30;

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    assertTrue(latch.await(WAIT_SECONDS, TimeUnit.SECONDS), what);
  }

  @Test
  void queuedRunsAreTakenInOrderByTheThreadWhoseRunEnded() throws InterruptedException {
    TaskSlots slots = new TaskSlots(1, pool);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(3);
    List<String> ran = new CopyOnWriteArrayList<>();
    slots.start(work(() -> {
      awaitQuietly(release);
      ran.add("a@" + Thread.currentThread().getName());
      done.countDown();
    }));
    for (String key : List.of("b", "c")) {
      slots.enqueue(work(() -> {
        ran.add(key + "@" + Thread.currentThread().getName());
        done.countDown();
      }));
    }
    release.countDown();
    await(done, "the queued runs ran");
    String thread = ran.get(0).substring(2);
    assertEquals(List.of("a@" + thread, "b@" + thread, "c@" + thread), ran);
  }

  @Test
  void noMoreRunsThanThreadsAtOnce() throws InterruptedException {
    TaskSlots slots = new TaskSlots(2, pool);
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    int runs = 2_000;
    CountDownLatch done = new CountDownLatch(runs);
    Runnable run = () -> {
      most.accumulateAndGet(now.incrementAndGet(), Math::max);
      Thread.onSpinWait();
      now.decrementAndGet();
      done.countDown();
    };
    slots.start(work(run));
    slots.start(work(run));
    for (int i = 2; i < runs; i++) {
      slots.enqueue(work(run));
    }
    await(done, "every run ran");
    assertTrue(most.get() <= 2, most.get() + " runs at once on 2 slots");
  }

  @Test
  void aRunThatSecedesLetsAQueuedRunStartWhileItGoesOn() throws InterruptedException {
    TaskSlots slots = new TaskSlots(1, pool);
    CountDownLatch seceded = new CountDownLatch(1);
    CountDownLatch queuedRan = new CountDownLatch(1);
    CountDownLatch longRunDone = new CountDownLatch(1);
    slots.start(work(() -> {
      slots.leave();
      seceded.countDown();
      awaitQuietly(queuedRan); // would never end if the queued run waited for this thread
      longRunDone.countDown();
    }));
    await(seceded, "the run seceded");
    slots.enqueue(work(() -> {
      queuedRan.countDown();
    }));
    await(queuedRan, "the queued run got a thread of its own");
    await(longRunDone, "the seceded run went on");
  }

  @Test
  void aRunQueuedJustAsTheThreadsLeaveStillRuns() throws InterruptedException {
    TaskSlots slots = new TaskSlots(1, pool);
    for (int round = 0; round < 5_000; round++) {
      CountDownLatch done = new CountDownLatch(2);
      Runnable run = () -> {
        done.countDown();
      };
      slots.start(work(run)); // its thread may leave before, while or after the next run is queued
      slots.enqueue(work(run));
      await(done, "round " + round + ": the queued run never ran");
    }
  }

  @Test
  void afterANewEpochQueuedRunsDoNotWaitForTheRunsOfTheOldOne() throws InterruptedException {
    TaskSlots slots = new TaskSlots(1, pool);
    CountDownLatch oldRunGoesOn = new CountDownLatch(1);
    CountDownLatch newRunRan = new CountDownLatch(1);
    CountDownLatch oldRunStarted = new CountDownLatch(1);
    slots.start(work(() -> {
      oldRunStarted.countDown();
      awaitQuietly(oldRunGoesOn);
    }));
    await(oldRunStarted, "the old run started");
    slots.newEpoch(); // the worker's state was rebuilt: the old run holds no slot of the new one
    slots.enqueue(work(() -> {
      newRunRan.countDown();
    }));
    await(newRunRan, "the queued run of the new state got a thread while the old run goes on");
    oldRunGoesOn.countDown();
  }

  @Test
  void runsAfterThePoolStoppedAreDroppedWithoutAnError() {
    TaskSlots slots = new TaskSlots(1, pool);
    pool.shutdownNow();
    assertDoesNotThrow(() -> slots.start(work(() -> { })));
    assertDoesNotThrow(() -> slots.enqueue(work(() -> { })));
  }


  @Test
  void aRunStartedOnTheSlotAnEndedRunGaveUpIsNotJoinedByThatThread() throws InterruptedException {
    CountDownLatch firstThreadDone = new CountDownLatch(1);
    ExecutorService counting = new ThreadPoolExecutor(0, 8, 30, TimeUnit.SECONDS, new SynchronousQueue<>()) {
      @Override
      protected void afterExecute(Runnable r, Throwable t) {
        firstThreadDone.countDown();
      }
    };
    try {
      TaskSlots slots = new TaskSlots(1, counting);
      CountDownLatch outcomeHandedOver = new CountDownLatch(1);
      CountDownLatch stateReacted = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(2);
      AtomicInteger now = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      List<String> ran = new CopyOnWriteArrayList<>();
      // a ends with nothing queued and hands its outcome over slowly (a loaded machine).
      slots.start(() -> () -> {
        outcomeHandedOver.countDown();
        awaitQuietly(stateReacted);
      });
      await(outcomeHandedOver, "a handed its outcome over");
      // The worker's state heard of a: its slot is free, so b starts there and c queues behind b.
      slots.start(work(() -> {
        most.accumulateAndGet(now.incrementAndGet(), Math::max);
        ran.add("b");
        awaitQuietly(firstThreadDone); // b goes on until a's thread is done, whatever it took meanwhile
        now.decrementAndGet();
        done.countDown();
      }));
      slots.enqueue(work(() -> {
        most.accumulateAndGet(now.incrementAndGet(), Math::max);
        ran.add("c");
        now.decrementAndGet();
        done.countDown();
      }));
      stateReacted.countDown();
      await(done, "b and c ran");
      assertEquals(1, most.get(), "runs at once on one slot");
      assertEquals(List.of("b", "c"), ran);
    } finally {
      counting.shutdownNow();
    }
  }

  /** A slot run doing {@code r}, with nothing to hand over. */
  private static TaskSlots.SlotRun work(Runnable r) {
    return () -> {
      r.run();
      return null;
    };
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
