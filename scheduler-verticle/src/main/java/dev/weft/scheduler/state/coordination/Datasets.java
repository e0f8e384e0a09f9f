package dev.weft.scheduler.state.coordination;

import dev.weft.protocol.DatasetRequest;
import dev.weft.protocol.SharedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Published datasets (dask's {@code PublishExtension}): a name for a future, shared by every
 * client and outliving the one that published it. Its task is kept by the {@value Holds#DATASETS}
 * holder until it is unpublished; a future read from it is held for the reader until the reader
 * holds a future itself.
 */
final class Datasets {

  private final CoordinationHost host;
  private final Holds holds;
  /** Dataset name → its future's key, names sorted. */
  private final TreeMap<String, String> keys = new TreeMap<>();

  Datasets(CoordinationHost host, Holds holds) {
    this.host = host;
    this.holds = holds;
  }

  void handle(DatasetRequest r, long id) {
    switch (r.op()) {
      case PUBLISH -> publish(r, id);
      case GET -> {
        String key = keys.get(r.name());
        if (key != null) {
          holds.hold(Holds.handover(r.clientId()), key);
        }
        host.answer(id, key == null ? Replies.NOT_YET : Replies.values(List.of(SharedValue.future(key))));
      }
      case LIST -> host.answer(id, Replies.names(new ArrayList<>(keys.keySet())));
      case UNPUBLISH -> {
        String old = keys.remove(r.name());
        if (old != null) {
          holds.release(Holds.DATASETS, old);
        }
        host.answer(id, Replies.OK);
      }
    }
  }

  private void publish(DatasetRequest r, long id) {
    if (keys.containsKey(r.name()) && !r.override()) {
      host.answer(id, Replies.error("Dataset " + r.name() + " already exists"));
    } else if (!keys.containsKey(r.name()) && keys.size() >= Limits.OBJECTS) {
      host.answer(id, Replies.error(Limits.tooMany("datasets")));
    } else if (!holds.hold(Holds.DATASETS, r.key())) {
      host.answer(id, Replies.error("Task " + r.key() + " unknown to scheduler"));
    } else {
      String old = keys.put(r.name(), r.key());
      if (old != null) {
        holds.release(Holds.DATASETS, old);
      }
      host.answer(id, Replies.OK);
    }
  }
}
