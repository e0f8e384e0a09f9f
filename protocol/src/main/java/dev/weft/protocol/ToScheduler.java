package dev.weft.protocol;

/** A message for the scheduler's inbox, {@link Addresses#SCHEDULER}. */
public sealed interface ToScheduler extends Message
    permits ClientHello, ClientGoodbye, UpdateGraph, ReleaseKeys, CancelKeys, ScatterData,
        RegisterWorker, Heartbeat, TaskFinished, TaskErred, AddKeys, MissingData, WorkerGoodbye,
        Query, TaskStreamQuery, LongRunning, WorkerLost, UploadJar, ClientHeartbeat, Broadcast, StealResponse, WorkerStatusChange,
        Coordination, RetryKeys, RestartCluster, RetireWorkers {}
