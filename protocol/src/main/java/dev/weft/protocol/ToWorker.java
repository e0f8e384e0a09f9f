package dev.weft.protocol;

/** A message for a worker's inbox, {@link Addresses#worker(String)}. */
public sealed interface ToWorker extends Message permits ComputeTask, FreeKeys, StoreData, GetData, RunFunction, UploadJar, Identify, StealRequest, GetStory,
    RestartWorker, AcquireReplicas {}
