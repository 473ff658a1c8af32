package dev.junction.admin.config;

import io.vertx.core.Future;

/** The config API's contract. Non-blocking: called on the event loop. */
public interface ConfigService {
  /** The configuration in effect, secrets redacted (see {@link EffectiveConfig#from}). */
  Future<EffectiveConfig> effectiveConfig();

  /**
   * Re-reads the config file and applies it when valid (the file is read off the event loop). A bad
   * file is a {@link ReloadStatus#REFUSED} result, not a failure. Fails with
   * {@code ApiException.conflict} when Junction was not started from a file.
   */
  Future<ReloadResult> reload();

  /**
   * The latest reload's outcome ({@link ReloadStatus#NONE} before the first). Fails with
   * {@code ApiException.conflict} when Junction was not started from a file.
   */
  Future<ReloadResult> lastReload();
}
