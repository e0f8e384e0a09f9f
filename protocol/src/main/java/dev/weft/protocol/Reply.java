package dev.weft.protocol;

/** The answer to a request ({@link RegisterWorker}, {@link GetData}, {@link Query}). */
public sealed interface Reply extends Message permits Ack, DataReply, Locations, SchedulerSnapshot, RunResult, Story,
    TaskStreamReply, HeartbeatReply, WorkerIdentity, RunResults, CoordinationReply, TopicEvents,
    Retired, AdaptiveTarget {}
