package dev.weft.scheduler.state;

/** What {@link SchedulerState#handle} asks its I/O shell to do. */
public sealed interface Effect permits SendToWorker, SendToClient, Answer, PushEvent {}
