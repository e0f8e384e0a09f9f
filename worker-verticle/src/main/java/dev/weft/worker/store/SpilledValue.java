package dev.weft.worker.store;

/**
 * Stands for a value that is on disk, where a held value is handed out (task inputs, values served
 * to peers and clients): the I/O shell reads spill file {@code id} back off the event loop.
 *
 * @param key the value's key
 * @param id the spill file's number (a key spilled again after being released gets another)
 */
public record SpilledValue(String key, long id) {}
