package dev.weft.protocol;

/**
 * A jar's bytes under a file name: from a client to the scheduler (a request, answered by
 * {@link Ack} once forwarded), which keeps it for workers that join later and forwards it to each
 * worker; a worker adds it to the class loader its tasks run with. The scheduler never loads it.
 */
public record UploadJar(String name, Payload bytes) implements ToScheduler, ToWorker {}
