/**
 * {@code GET /config}: the effective configuration, secrets redacted.
 *
 * <p>Start at {@link dev.junction.admin.config.EffectiveConfig#from} (configuration to redacted
 * view) and {@link dev.junction.admin.config.Redaction} (what counts as a secret).
 */
@NullMarked
package dev.junction.admin.config;

import org.jspecify.annotations.NullMarked;
