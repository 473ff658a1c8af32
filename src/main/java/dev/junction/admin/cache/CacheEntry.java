package dev.junction.admin.cache;

import static java.util.Objects.requireNonNull;

import dev.junction.cache.CachedDecision;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** One remembered decision, as the admin API shows it. */
@Schema(description = "A remembered routing decision: requests under this key go to this backend until it expires.")
public record CacheEntry(
    @Schema(description = "The key as text, METHOD path fingerprint; URL-encode it to address the entry.",
        example = "POST /v1/chat/completions 3f5a0c...")
    String key,
    @Schema(description = "The request method.", example = "POST")
    String method,
    @Schema(description = "The canonical path, after alias resolution.", example = "/v1/chat/completions")
    String path,
    @Schema(description = "Hex SHA-256 of the routing-relevant payload fields, or - when the payload plays no part.")
    String fingerprint,
    @Schema(description = "The backend requests go to.", example = "gpu-1")
    String backend,
    @Schema(description = "When the decision was made.")
    Instant decidedAt,
    @Schema(description = "When it expires.")
    Instant expiresAt) {

  public CacheEntry {
    requireNonNull(key, "key");
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(fingerprint, "fingerprint");
    requireNonNull(backend, "backend");
    requireNonNull(decidedAt, "decidedAt");
    requireNonNull(expiresAt, "expiresAt");
  }

  public static CacheEntry from(CachedDecision d) {
    return new CacheEntry(d.key().asString(), d.key().method(), d.key().path(), d.key().fingerprint(), d.backend(),
        d.decidedAt(), d.expiresAt());
  }
}
