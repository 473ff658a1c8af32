package dev.junction.alias;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Alias paths to primary paths: immutable, validated as a whole, swapped atomically by its owner
 * ({@link AliasRegistry}). Thread-safe; nothing blocks.
 *
 * <p>An <em>exact</em> alias maps one path: {@code /v1/audio/speech} to {@code /audio/speech}. A
 * <em>prefix</em> alias ends in {@code /*} and so does its primary: {@code /v1/*} for {@code /*}
 * maps {@code /v1/<rest>} to {@code /<rest>}, and {@code /v2/api/*} for {@code /api/*} maps
 * {@code /v2/api/<rest>} to {@code /api/<rest>}. {@code /v1/*} matches {@code /v1/} (mapped to
 * {@code /}) and everything below it, but not {@code /v1} nor {@code /v1x}; declare {@code /v1} as
 * an exact alias when it should map too. An exact alias wins over prefix ones; among prefix aliases
 * the longest wins.
 *
 * <p>Resolution is single-step: the primary reached is used as is, never resolved again. The
 * validation rules (see {@link #build}) make that the only sensible reading: an alias is never a
 * declared primary, never a reserved path, and never loops. The one path a prefix alias can reach
 * that is itself an alias is through an exact alias under a prefix primary ({@code /v1/tts} with
 * {@code /*} for {@code /v1/*} and {@code /audio/speech} for {@code /tts} reaches {@code /tts}):
 * that is allowed and not followed further.
 *
 * <p>Paths are compared in {@link CanonicalPath} form; every declared path must already be in it.
 */
public final class AliasTable {
  /** How an alias matches. */
  public enum Kind {
    /** One path. */
    EXACT,
    /** Every path under a prefix, declared with a final {@code /*}. */
    PREFIX
  }

  /** Where an alias was declared. */
  public enum Source {
    /** The configuration file; changed only by editing it. */
    CONFIG,
    /** Added at runtime (admin API, another instance); removable at runtime. */
    RUNTIME
  }

  /**
   * One alias.
   *
   * @param alias as declared, e.g. {@code /v1/audio/speech} or {@code /v1/*}
   * @param primary as declared, e.g. {@code /audio/speech} or {@code /*}
   */
  public record Entry(String alias, String primary, Kind kind, Source source) {
    public Entry {
      requireNonNull(alias, "alias");
      requireNonNull(primary, "primary");
      requireNonNull(kind, "kind");
      requireNonNull(source, "source");
    }
  }

  /**
   * The outcome of {@link #resolve}.
   *
   * @param primary the path to route and forward: the input itself (same instance) when no alias
   *     matched
   * @param alias the alias used, or null when none matched
   */
  public record Resolution(String primary, @Nullable Entry alias) {
    public Resolution {
      requireNonNull(primary, "primary");
    }

    public boolean aliased() {
      return alias != null;
    }
  }

  private record PrefixRule(String aliasBase, String primaryBase, Entry entry) {}

  private static final PrefixRule[] NO_PREFIXES = {};

  private final Map<String, List<String>> config;
  private final Map<String, String> runtime;
  private final List<AliasPattern> reserved;
  private final List<Entry> entries;
  private final Map<String, Entry> byAlias;
  private final Map<String, Resolution> exact;
  private final PrefixRule[] prefixes;

  private AliasTable(Map<String, List<String>> config, Map<String, String> runtime,
      List<AliasPattern> reserved, List<Entry> entries) {
    this.config = config;
    this.runtime = runtime;
    this.reserved = reserved;
    this.entries = List.copyOf(entries);
    Map<String, Entry> byAlias = new LinkedHashMap<>();
    Map<String, Resolution> exact = new HashMap<>();
    List<PrefixRule> prefixes = new ArrayList<>();
    for (Entry e : entries) {
      byAlias.put(e.alias(), e);
      if (e.kind() == Kind.EXACT) {
        exact.put(e.alias(), new Resolution(e.primary(), e));
      } else {
        prefixes.add(new PrefixRule(base(e.alias()), base(e.primary()), e));
      }
    }
    prefixes.sort(Comparator.comparingInt((PrefixRule r) -> r.aliasBase().length()).reversed());
    this.byAlias = Collections.unmodifiableMap(byAlias);
    this.exact = exact;
    this.prefixes = prefixes.isEmpty() ? NO_PREFIXES : prefixes.toArray(NO_PREFIXES);
  }

  /** Config aliases only; see {@link #build(Map, Map, Set)}. */
  public static AliasTable build(Map<String, List<String>> config, Set<String> reservedPrimaries) {
    return build(config, Map.of(), reservedPrimaries);
  }

  /**
   * Validates and builds a table.
   *
   * @param config primary to its aliases, in config order (a primary may have none)
   * @param runtime alias to primary, in the order they were added
   * @param reservedPrimaries paths no alias may match, such as Junction's own {@code /health};
   *     exact or ending in {@code /*}; they may themselves have aliases. Messages about them
   *     follow their sorted order, so they are the same from run to run
   * @throws AliasConflictException listing every problem found, each naming the alias, its primary
   *     and what it clashes with
   * @throws IllegalArgumentException when a reserved path is malformed
   */
  public static AliasTable build(Map<String, List<String>> config, Map<String, String> runtime,
      Set<String> reservedPrimaries) {
    requireNonNull(config, "config");
    requireNonNull(runtime, "runtime");
    requireNonNull(reservedPrimaries, "reservedPrimaries");
    Map<String, List<String>> c = new LinkedHashMap<>();
    config.forEach((k, v) -> c.put(requireNonNull(k, "config key"), List.copyOf(v)));
    Map<String, String> r = new LinkedHashMap<>();
    runtime.forEach((k, v) -> r.put(requireNonNull(k, "runtime alias"), requireNonNull(v, "runtime primary")));
    List<AliasPattern> reserved = reservedPrimaries.stream().sorted().map(AliasValidator::reserved).toList();
    return of(Collections.unmodifiableMap(c), Collections.unmodifiableMap(r), reserved);
  }

  private static AliasTable of(
      Map<String, List<String>> config, Map<String, String> runtime, List<AliasPattern> reserved) {
    return new AliasTable(config, runtime, reserved, AliasValidator.validate(config, runtime, reserved));
  }

  /**
   * Maps a canonical path to its primary. Allocates nothing for an exact alias, and only the
   * {@link Resolution} holding the input (not a copy) when no alias matches; use
   * {@link #primaryPath} where even that matters.
   */
  public Resolution resolve(String canonicalPath) {
    Resolution r = exact.get(canonicalPath);
    if (r != null) {
      return r;
    }
    PrefixRule rule = prefixRule(canonicalPath);
    if (rule == null) {
      return new Resolution(canonicalPath, null);
    }
    return new Resolution(rule.primaryBase() + canonicalPath.substring(rule.aliasBase().length()), rule.entry());
  }

  /**
   * The primary path alone: the same instance as the input when no alias matches, no allocation
   * unless a prefix alias rewrites it.
   */
  public String primaryPath(String canonicalPath) {
    Resolution r = exact.get(canonicalPath);
    if (r != null) {
      return r.primary();
    }
    PrefixRule rule = prefixRule(canonicalPath);
    return rule == null
        ? canonicalPath
        : rule.primaryBase() + canonicalPath.substring(rule.aliasBase().length());
  }

  private @Nullable PrefixRule prefixRule(String path) {
    for (PrefixRule rule : prefixes) {
      if (path.startsWith(rule.aliasBase())) {
        return rule;
      }
    }
    return null;
  }

  /**
   * A table with one more runtime alias; this one is unchanged. Adding the very same runtime alias
   * again returns this table (idempotent, so replays and echoes of remote changes are harmless).
   *
   * @throws AliasConflictException when the alias is malformed or clashes with anything, including
   *     an alias of the same path declared in config or at runtime for another primary
   */
  public AliasTable withRuntimeAlias(String alias, String primary) {
    requireNonNull(alias, "alias");
    requireNonNull(primary, "primary");
    String existing = runtime.get(alias);
    if (primary.equals(existing)) {
      return this;
    }
    if (existing != null) {
      throw new AliasConflictException(List.of("alias '" + CanonicalPath.shown(alias) + "' for '"
          + CanonicalPath.shown(primary) + "' clashes with alias '" + alias + "' for '" + existing + "'"), false);
    }
    Map<String, String> r = new LinkedHashMap<>(runtime);
    r.put(alias, primary);
    return of(config, Collections.unmodifiableMap(r), reserved);
  }

  /**
   * A table without one runtime alias; this one is unchanged.
   *
   * @throws UnknownAliasException when no such alias is declared
   * @throws AliasConflictException when the alias is declared in config (edit the file instead)
   */
  public AliasTable withoutRuntimeAlias(String alias) {
    requireNonNull(alias, "alias");
    Entry entry = byAlias.get(alias);
    if (entry == null) {
      throw new UnknownAliasException(alias);
    }
    if (entry.source() == Source.CONFIG) {
      throw new AliasConflictException(List.of("alias '" + alias + "' for '" + entry.primary()
          + "' is declared in config; edit the file"), false);
    }
    Map<String, String> r = new LinkedHashMap<>(runtime);
    r.remove(alias);
    return of(config, Collections.unmodifiableMap(r), reserved);
  }

  /**
   * A table with new config aliases (a reloaded file), keeping the runtime aliases and reserved
   * paths of this one; this one is unchanged.
   *
   * @throws AliasConflictException when the new config is invalid or clashes with a runtime alias
   */
  public AliasTable withConfig(Map<String, List<String>> newConfig) {
    Map<String, List<String>> c = new LinkedHashMap<>();
    requireNonNull(newConfig, "newConfig").forEach((k, v) -> c.put(requireNonNull(k, "config key"), List.copyOf(v)));
    return of(Collections.unmodifiableMap(c), runtime, reserved);
  }

  /** Every alias: config ones in config order, then runtime ones in the order they were added. */
  public List<Entry> entries() {
    return entries;
  }

  /** The alias exactly as declared (e.g. {@code /v1/*}), if any. */
  public Optional<Entry> entry(String alias) {
    return Optional.ofNullable(byAlias.get(requireNonNull(alias, "alias")));
  }

  /**
   * Every primary with its aliases: config primaries first in config order (including those
   * declared with no alias), then primaries only runtime aliases name. Unmodifiable.
   */
  public Map<String, List<String>> byPrimary() {
    Map<String, List<String>> result = new LinkedHashMap<>();
    config.keySet().forEach(p -> result.put(p, new ArrayList<>()));
    entries.forEach(e -> result.computeIfAbsent(e.primary(), p -> new ArrayList<>()).add(e.alias()));
    result.replaceAll((p, aliases) -> List.copyOf(aliases));
    return Collections.unmodifiableMap(result);
  }

  /** The paths no alias may match, as given to {@link #build}, sorted. */
  public Set<String> reservedPrimaries() {
    Set<String> result = new LinkedHashSet<>();
    reserved.forEach(r -> result.add(r.text()));
    return Collections.unmodifiableSet(result);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  @Override
  public String toString() {
    return "AliasTable[" + entries.size() + " aliases, " + runtime.size() + " at runtime]";
  }

  /** A prefix pattern without its final '*'. */
  private static String base(String prefixPattern) {
    return prefixPattern.substring(0, prefixPattern.length() - 1);
  }
}
