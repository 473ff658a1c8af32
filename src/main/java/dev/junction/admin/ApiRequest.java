package dev.junction.admin;

import org.jspecify.annotations.Nullable;

/**
 * What a handler may read of an admin request: its parameters, already validated and converted
 * against the operation's declaration, its parsed body and who sent it. Reading something the
 * operation did not declare is a programming error ({@link IllegalArgumentException} naming the
 * operation).
 */
public interface ApiRequest {

  ApiOperation operation();

  /** The request path after alias resolution, without the query. */
  String path();

  /** A path parameter, URL-decoded. */
  String pathParam(String name);

  /** A {@code STRING} query parameter, its default when absent, or {@code null}. */
  @Nullable String query(String name);

  /** An {@code INTEGER} query parameter, its default when absent, or {@code null}. */
  @Nullable Long queryLong(String name);

  /**
   * The parsed request body.
   *
   * @throws IllegalArgumentException when {@code type} is not the operation's declared body type
   */
  <T extends Record> T body(Class<T> type);

  Principal principal();
}
