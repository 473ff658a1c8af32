package dev.junction.admin.config;

import io.vertx.core.Future;

/** The config API's contract. Non-blocking: called on the event loop. */
public interface ConfigService {
  /** The configuration in effect, secrets redacted (see {@link EffectiveConfig#from}). */
  Future<EffectiveConfig> effectiveConfig();
}
