package dev.weft.protocol;

/**
 * About the published dataset {@code name} (dask's {@code publish_dataset} family): PUBLISH names
 * the future {@code key} (an error when the name is taken, unless {@code override}); its task is
 * kept, under the {@code published-data} wanter, until it is unpublished. GET answers its key (not
 * ok when there is none), LIST every name ({@code name} ""), UNPUBLISH drops it. {@code key} is ""
 * but for PUBLISH.
 */
public record DatasetRequest(String clientId, Op op, String name, String key, boolean override) implements Coordination {

  /** What is asked. */
  public enum Op { PUBLISH, GET, LIST, UNPUBLISH }
}
