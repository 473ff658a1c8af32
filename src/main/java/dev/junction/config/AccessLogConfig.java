package dev.junction.config;

import static java.util.Objects.requireNonNull;

/**
 * The access log ({@code junction.access_log}): one line per data-plane request on the SLF4J logger
 * {@code junction.access} at INFO, so that logback decides where it goes.
 *
 * @param enabled whether lines are written (default true)
 * @param format {@link Format#PLAIN} key=value text (default) or {@link Format#JSON} lines
 */
public record AccessLogConfig(boolean enabled, Format format) {
  /** How each line is written. */
  public enum Format {
    /** {@code key=value} pairs separated by spaces; values with spaces or quotes are quoted. */
    PLAIN,
    /** One JSON object per line. */
    JSON
  }

  public AccessLogConfig {
    requireNonNull(format, "format");
  }

  public static AccessLogConfig defaults() {
    return new AccessLogConfig(true, Format.PLAIN);
  }
}
