package dev.weft.protocol;

/**
 * A worker is alive; with its current load (a request, answered by {@link HeartbeatReply}).
 * {@code cpuPercent} is its process's CPU use since the previous heartbeat (100 = one core busy);
 * {@code bytesFetched} counts the bytes of values it has received from peers since it started and
 * {@code rejected} the messages it refused as malformed or unauthorised (both only grow);
 * {@code memory} is its managed, process and spilled memory and whether it is paused.
 */
public record Heartbeat(
    String workerId, int executing, WorkerMemory memory, int storedKeys, double cpuPercent,
    long bytesFetched, long rejected)
    implements ToScheduler {}
