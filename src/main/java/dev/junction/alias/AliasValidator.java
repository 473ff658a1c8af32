package dev.junction.alias;

import dev.junction.alias.AliasTable.Entry;
import dev.junction.alias.AliasTable.Kind;
import dev.junction.alias.AliasTable.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks a whole alias table at once and collects every problem, so one failed build or runtime
 * change reports all of them. The rules, each enforced so that resolution stays single-step:
 *
 * <ul>
 *   <li>every path is canonical, starts with '/', and has '*' only in a final '/*'; an alias and
 *       its primary are both exact or both prefixes;
 *   <li>an alias is declared once;
 *   <li>an alias matches no reserved path (Junction's own endpoints) and no declared primary: not
 *       the exact primary path, and not every path under a prefix primary (an exact alias under a
 *       prefix primary only carves out one path of it, and is allowed);
 *   <li>no alias is its own primary or, for a prefix, contains it ({@code /*} for {@code /v1/*}
 *       would map {@code /v1/x} to {@code /v1/v1/x}); no cycles.
 * </ul>
 */
final class AliasValidator {
  private record Candidate(String alias, String primary, Source source) {}

  private record Parsed(AliasPattern alias, AliasPattern primary, Source source) {}

  private final Set<String> problems = new LinkedHashSet<>();
  private boolean malformed;

  private AliasValidator() {}

  /** The entries, config ones first in config order, then runtime ones in insertion order. */
  static List<Entry> validate(
      Map<String, List<String>> config, Map<String, String> runtime, List<AliasPattern> reserved) {
    return new AliasValidator().run(config, runtime, reserved);
  }

  /** Parses a caller-supplied reserved path; a malformed one is a programming error. */
  static AliasPattern reserved(String path) {
    String problem = AliasPattern.problem(path);
    if (problem != null) {
      throw new IllegalArgumentException(
          "reservedPrimaries: '" + CanonicalPath.shown(path) + "' (expected: " + problem + ")");
    }
    return AliasPattern.parse(path);
  }

  private List<Entry> run(
      Map<String, List<String>> config, Map<String, String> runtime, List<AliasPattern> reserved) {
    Map<String, AliasPattern> primaries = new LinkedHashMap<>();
    List<Candidate> candidates = new ArrayList<>();
    config.forEach((primary, aliases) -> {
      primary(primary, primaries);
      aliases.forEach(alias -> candidates.add(new Candidate(alias, primary, Source.CONFIG)));
    });
    runtime.forEach((alias, primary) -> {
      primary(primary, primaries);
      candidates.add(new Candidate(alias, primary, Source.RUNTIME));
    });

    List<Parsed> unique = new ArrayList<>();
    Map<String, Candidate> firstByAlias = new HashMap<>();
    for (Candidate c : candidates) {
      Parsed parsed = parse(c, primaries);
      if (parsed == null) {
        continue;
      }
      Candidate first = firstByAlias.putIfAbsent(c.alias(), c);
      if (first == null) {
        unique.add(parsed);
      } else if (!first.primary().equals(c.primary())) {
        problems.add(name(c) + " clashes with " + name(first));
      } else if (first.source() == Source.CONFIG && c.source() == Source.RUNTIME) {
        problems.add(name(c) + " is already declared in config");
      } else {
        problems.add(name(c) + " is declared twice");
      }
    }

    Map<String, String> aliasToPrimary = new HashMap<>();
    unique.forEach(p -> aliasToPrimary.put(p.alias().text(), p.primary().text()));
    for (Parsed p : unique) {
      clashes(p, reserved, primaries, aliasToPrimary);
    }
    if (!problems.isEmpty()) {
      throw new AliasConflictException(List.copyOf(problems), malformed);
    }
    List<Entry> entries = new ArrayList<>(unique.size());
    for (Parsed p : unique) {
      Kind kind = p.alias().prefix() ? Kind.PREFIX : Kind.EXACT;
      entries.add(new Entry(p.alias().text(), p.primary().text(), kind, p.source()));
    }
    return entries;
  }

  private void primary(String primary, Map<String, AliasPattern> primaries) {
    if (primaries.containsKey(primary)) {
      return;
    }
    String problem = AliasPattern.problem(primary);
    if (problem == null) {
      primaries.put(primary, AliasPattern.parse(primary));
    } else {
      malformed = true;
      problems.add("primary '" + CanonicalPath.shown(primary) + "' is malformed (expected: " + problem + ")");
    }
  }

  /** Null when the alias or its primary is malformed, or their kinds differ (reported). */
  private @Nullable Parsed parse(Candidate c, Map<String, AliasPattern> primaries) {
    String problem = AliasPattern.problem(c.alias());
    if (problem != null) {
      malformed = true;
      problems.add(name(c) + " is malformed (expected: " + problem + ")");
      return null;
    }
    AliasPattern primary = primaries.get(c.primary());
    if (primary == null) {
      return null;
    }
    AliasPattern alias = AliasPattern.parse(c.alias());
    if (alias.prefix() != primary.prefix()) {
      malformed = true;
      problems.add(name(c) + " mixes an exact path and a prefix (expected: both ending in '/*' or neither)");
      return null;
    }
    return new Parsed(alias, primary, c.source());
  }

  private void clashes(Parsed p, List<AliasPattern> reserved, Map<String, AliasPattern> primaries,
      Map<String, String> aliasToPrimary) {
    AliasPattern alias = p.alias();
    AliasPattern primary = p.primary();
    String name = name(p);
    for (AliasPattern r : reserved) {
      if (alias.overlaps(r)) {
        problems.add(name + " clashes with reserved path '" + r + "'");
      }
    }
    if (alias.text().equals(primary.text())) {
      problems.add(name + " is its own primary");
      return;
    }
    if (alias.prefix() && primary.base().startsWith(alias.base())) {
      String example = primary.base() + "x";
      String mapped = primary.base() + example.substring(alias.base().length());
      problems.add(name + " contains its own primary (would map '" + example + "' to '" + mapped + "')");
      return;
    }
    List<String> cycle = cycle(alias.text(), aliasToPrimary);
    if (cycle != null) {
      problems.add(name + " forms a cycle: '" + String.join("' -> '", cycle) + "'");
      return;
    }
    if (!alias.prefix()) {
      if (primaries.containsKey(alias.text())) {
        problems.add(name + " clashes with primary '" + alias.text() + "'");
      }
      return;
    }
    for (AliasPattern other : primaries.values()) {
      if (!other.text().equals(primary.text()) && alias.shadows(other)) {
        problems.add(name + " clashes with primary '" + other + "'");
      }
    }
  }

  /** The chain from {@code start} back to itself through alias -> primary links, or null. */
  private static @Nullable List<String> cycle(String start, Map<String, String> aliasToPrimary) {
    List<String> chain = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    chain.add(start);
    String next = aliasToPrimary.get(start);
    while (next != null && seen.add(next)) {
      chain.add(next);
      if (next.equals(start)) {
        return chain;
      }
      next = aliasToPrimary.get(next);
    }
    return null;
  }

  private static String name(Candidate c) {
    return "alias '" + CanonicalPath.shown(c.alias()) + "' for '" + CanonicalPath.shown(c.primary()) + "'";
  }

  private static String name(Parsed p) {
    return "alias '" + p.alias() + "' for '" + p.primary() + "'";
  }
}
