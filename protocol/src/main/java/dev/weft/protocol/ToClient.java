package dev.weft.protocol;

/** A message for a client's inbox, {@link Addresses#client(String)}: news about wanted keys. */
public sealed interface ToClient extends Message permits KeyInMemory, KeyErred, KeyCancelled, KeyLost {
  /** The key this news is about. */
  String key();
}
