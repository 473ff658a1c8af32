package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A rule's conditions on the request head, beside path, method and payload: every one must hold.
 *
 * @param headers header name (lower case) to the test its value must pass; a header sent on several
 *     field lines passes when any one line's value does ({@code exists: false}: no line at all)
 * @param query query parameter name (decoded, case-sensitive) to the test its decoded value must
 *     pass; a parameter given several times passes when any one value does; {@code ?flag} without
 *     {@code =} has the empty value
 * @param hosts the request's host (the Host header or HTTP/2 {@code :authority}, without the port)
 *     is one of these, ignoring case: an exact name, or {@code *.example.com} for any name below
 *     {@code example.com} (not {@code example.com} itself); empty means any host
 */
public record HeadConditions(Map<String, ValueMatcher> headers, Map<String, ValueMatcher> query, List<String> hosts) {
  /** No condition on the head. */
  public static final HeadConditions NONE = new HeadConditions(Map.of(), Map.of(), List.of());

  /** RFC 9110 field name (token). */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** A host name or IPv4 address, or a bracketed IPv6 address; optionally led by {@code *.}. */
  private static final Pattern HOST = Pattern.compile(
      "(?:\\*\\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\\.?|\\[[0-9a-f:.]+\\]");

  public HeadConditions {
    Map<String, ValueMatcher> h = new LinkedHashMap<>();
    headers.forEach((name, m) -> {
      if (!TOKEN.matcher(name).matches()) {
        throw new IllegalArgumentException("headers: '" + name + "' (expected: a header name such as x-tenant)");
      }
      h.put(name.toLowerCase(Locale.ROOT), textual(requireNonNull(m, "matcher"), "headers." + name));
    });
    headers = Collections.unmodifiableMap(h);
    Map<String, ValueMatcher> q = new LinkedHashMap<>();
    query.forEach((name, m) -> q.put(requireNonNull(name, "name"), textual(requireNonNull(m, "matcher"), "query." + name)));
    query = Collections.unmodifiableMap(q);
    hosts = hosts.stream().map(x -> x.toLowerCase(Locale.ROOT)).toList();
    for (String host : hosts) {
      String problem = hostProblem(host);
      if (problem != null) {
        throw new IllegalArgumentException("host: '" + host + "' " + problem);
      }
    }
  }

  /** Whether there is no condition at all. */
  public boolean isEmpty() {
    return headers.isEmpty() && query.isEmpty() && hosts.isEmpty();
  }

  /**
   * Why {@code host} (lower case) cannot be a host condition, {@code null} when it can.
   */
  static @org.jspecify.annotations.Nullable String hostProblem(String host) {
    if (host.contains(":") && !host.startsWith("[")) {
      return "(expected: a host name without the port, such as api.example.com or *.example.com)";
    }
    if (!HOST.matcher(host).matches()) {
      return "(expected: a host name such as api.example.com, *.example.com for the names below it, or an address)";
    }
    return null;
  }

  /** Equals and one_of on the head compare text: their values must be strings. */
  private static ValueMatcher textual(ValueMatcher m, String where) {
    if (m instanceof ValueMatcher.Equals e && !e.value().isTextual()) {
      throw new IllegalArgumentException(where + ": " + e.value() + " (expected: text)");
    }
    if (m instanceof ValueMatcher.OneOf o && o.values().stream().anyMatch(v -> !v.isTextual())) {
      throw new IllegalArgumentException(where + ": " + o.values() + " (expected: a list of text values)");
    }
    return m;
  }
}
