package dev.junction.proxy;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;

/**
 * Reads a backend's {@code Retry-After} (RFC 9110 section 10.2.3): a number of seconds, or an
 * HTTP date. Anything else, and a date in the past, reads as no value: a backend cannot make
 * Junction pass it over with a header it cannot read.
 */
final class RetryAfter {
  /** Seconds longer than this (a day) are read as this; the caller caps further. */
  private static final long MAX_SECONDS = 86_400;

  private RetryAfter() {}

  /** How long from {@code now} the header asks for; {@code null} when absent, unreadable, zero or past. */
  static @Nullable Duration parse(@Nullable String header, Instant now) {
    if (header == null) {
      return null;
    }
    String v = header.trim();
    if (v.isEmpty()) {
      return null;
    }
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      long seconds = v.length() > 6 ? MAX_SECONDS : Math.min(MAX_SECONDS, Long.parseLong(v));
      return seconds == 0 ? null : Duration.ofSeconds(seconds);
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      if (d.isNegative() || d.isZero()) {
        return null;
      }
      return d.getSeconds() > MAX_SECONDS ? Duration.ofSeconds(MAX_SECONDS) : d;
    } catch (DateTimeException e) {
      return null;
    }
  }
}
