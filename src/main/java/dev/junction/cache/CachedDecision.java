package dev.junction.cache;

import static java.util.Objects.requireNonNull;

import dev.junction.routing.CacheKey;
import java.time.Instant;

/**
 * A remembered decision: requests under {@code key} go to the backend named {@code backend} until
 * {@code expiresAt}.
 */
public record CachedDecision(CacheKey key, String backend, Instant decidedAt, Instant expiresAt) {
  public CachedDecision {
    requireNonNull(key, "key");
    requireNonNull(backend, "backend");
    requireNonNull(decidedAt, "decidedAt");
    requireNonNull(expiresAt, "expiresAt");
  }

  public boolean expired(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
