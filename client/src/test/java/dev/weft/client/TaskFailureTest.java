package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A function that throws: the error reaches the client intact, dependents err, the rest goes on. */
class TaskFailureTest {

  static int divide(int a, int b) {
    return a / b;
  }

  static int explode(String why) {
    throw new IllegalStateException("boom: " + why);
  }

  @Test
  void remoteExceptionKeepsTypeMessageAndWorkerStack() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> bad = client.submit(TaskFailureTest::explode, "fuse");
      RemoteTaskException e = assertThrows(RemoteTaskException.class, bad::result);
      assertEquals(FutureStatus.ERROR, bad.status());
      assertEquals(bad.key(), e.key());
      IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
      assertEquals("boom: fuse", cause.getMessage());
      StackTraceElement top = cause.getStackTrace()[0];
      assertEquals(TaskFailureTest.class.getName(), top.getClassName());
      assertEquals("explode", top.getMethodName());
      assertTrue(Arrays.stream(cause.getStackTrace()).anyMatch(f -> f.getClassName().contains("TaskRunner")),
          "the stack is the worker's: " + Arrays.toString(cause.getStackTrace()));
      assertInstanceOf(IllegalStateException.class, bad.exception());

      TaskFuture<Integer> zero = client.submit(TaskFailureTest::divide, 1, 0);
      ArithmeticException arithmetic = assertInstanceOf(ArithmeticException.class,
          assertThrows(RemoteTaskException.class, zero::result).getCause());
      assertEquals("/ by zero", arithmetic.getMessage());
    }
  }

  @Test
  void aHugeErrorMessageIsCutAtMaxErrorLengthAsDaskDoes() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(1).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> bad = client.submit(TaskFailureTest::explode, "y".repeat(100_000));
      Throwable cause = assertThrows(RemoteTaskException.class, bad::result).getCause();
      assertEquals(10_000, cause.getMessage().length(), "dask's distributed.admin.max-error-length");
      assertTrue(cause.toString().startsWith(IllegalStateException.class.getName() + ": boom: yyy"), cause.toString());
      assertEquals("explode", cause.getStackTrace()[0].getMethodName(), "the worker's stack comes along");
    }
  }

  @Test
  void dependentsErrTooAndTheSchedulerKeepsServing() {
    try (LocalCluster cluster = LocalCluster.builder().nWorkers(2).threadsPerWorker(1).build();
         Client client = Client.connect(cluster)) {
      TaskFuture<Integer> bad = client.submit(TaskFailureTest::divide, 1, 0);
      TaskFuture<Integer> child = client.submit(Demo::inc, bad);
      TaskFuture<Integer> grandchild = client.submit(Demo::add, child, 1);
      RemoteTaskException e = assertThrows(RemoteTaskException.class, grandchild::result);
      assertInstanceOf(ArithmeticException.class, e.getCause());
      assertEquals(FutureStatus.ERROR, child.status());
      assertInstanceOf(ArithmeticException.class, child.exception());

      List<TaskFuture<Integer>> fine = client.map(Demo::inc, List.of(1, 2, 3, 4));
      assertEquals(List.of(2, 3, 4, 5), client.gather(fine).await());
      assertNotNull(cluster.scheduler());
    }
  }

  @Test
  void unserializableFunctionFailsAtSubmitNamingTheClass() {
    try (Client client = Client.create()) {
      Object notSerializable = new Object();
      SerializationException e = assertThrows(SerializationException.class,
          () -> client.submit(x -> x + notSerializable.hashCode(), 1));
      assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }
  }
}
