package dev.weft.protocol;

import java.util.Map;

/** Values to keep under these keys (scattered data); the worker answers with {@link AddKeys}. */
public record StoreData(Map<String, Payload> data) implements ToWorker {}
