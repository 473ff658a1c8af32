package dev.junction.admin.requests;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The latest data-plane requests. */
@Schema(description = "The latest data-plane requests, newest first (Junction keeps the last 200).")
public record RecentRequests(
    @Schema(description = "The requests, newest first.")
    List<RecentRequest> requests) {

  public RecentRequests {
    requests = List.copyOf(requests);
  }
}
