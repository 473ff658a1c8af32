package dev.junction.admin.openapi;

import io.vertx.core.Future;
import java.util.List;

/** The openapi API's contract. Non-blocking: called on the event loop. */
public interface OpenApiService {
  /** Each backend that declares an OpenAPI document, in configuration order. */
  Future<List<OpenApiSource>> sources();

  /**
   * Fetches every declared document again and rebuilds the merged document; completes when done,
   * with every source's state. A failing backend is reported in its state, never as a failure.
   */
  Future<List<OpenApiSource>> refresh();
}
