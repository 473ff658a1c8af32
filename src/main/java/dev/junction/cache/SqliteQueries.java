package dev.junction.cache;

import dev.junction.routing.CacheKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL behind {@link SqliteDecisionStore}. Every method blocks on disk and runs on the store's
 * JDBC thread; times are epoch milliseconds, and rows whose {@code expires_at} is not after
 * {@code now} count as absent.
 */
final class SqliteQueries {
  private static final String COLUMNS = "method, path, fingerprint, backend, decided_at, expires_at";

  private SqliteQueries() {}

  static List<CachedDecision> loadAll(Connection c, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM decisions WHERE expires_at > ? ORDER BY key")) {
      ps.setLong(1, now);
      try (ResultSet rs = ps.executeQuery()) {
        List<CachedDecision> all = new ArrayList<>();
        while (rs.next()) {
          all.add(decision(rs));
        }
        return all;
      }
    }
  }

  static Optional<CachedDecision> get(Connection c, CacheKey key, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM decisions WHERE key = ? AND expires_at > ?")) {
      ps.setString(1, key.asString());
      ps.setLong(2, now);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(decision(rs)) : Optional.empty();
      }
    }
  }

  static void put(Connection c, CachedDecision d) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT OR REPLACE INTO decisions (key, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, d.key().asString());
      ps.setString(2, d.key().method());
      ps.setString(3, d.key().path());
      ps.setString(4, d.key().fingerprint());
      ps.setString(5, d.backend());
      ps.setLong(6, d.decidedAt().toEpochMilli());
      ps.setLong(7, d.expiresAt().toEpochMilli());
      ps.executeUpdate();
    }
  }

  /** True when an unexpired row was removed; an expired leftover is removed too. */
  static boolean remove(Connection c, CacheKey key, long now) throws SQLException {
    boolean live = get(c, key, now).isPresent();
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM decisions WHERE key = ?")) {
      ps.setString(1, key.asString());
      ps.executeUpdate();
    }
    return live;
  }

  /** Deletes every decision row; returns how many of them were unexpired. */
  static long clear(Connection c, long now) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        long live;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM decisions WHERE expires_at > ?")) {
          ps.setLong(1, now);
          try (ResultSet rs = ps.executeQuery()) {
            live = rs.next() ? rs.getLong(1) : 0;
          }
        }
        s.executeUpdate("DELETE FROM decisions");
        s.execute("COMMIT");
        return live;
      } catch (SQLException e) {
        rollback(s, e);
        throw e;
      }
    }
  }

  /** Deletes expired rows; returns how many. */
  static int purge(Connection c, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM decisions WHERE expires_at <= ?")) {
      ps.setLong(1, now);
      return ps.executeUpdate();
    }
  }

  static Map<String, String> aliases(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT alias, primary_path FROM aliases")) {
      Map<String, String> aliases = new HashMap<>();
      while (rs.next()) {
        aliases.put(rs.getString(1), rs.getString(2));
      }
      return Map.copyOf(aliases);
    }
  }

  static void putAlias(Connection c, String alias, String primary) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT OR REPLACE INTO aliases (alias, primary_path) VALUES (?, ?)")) {
      ps.setString(1, alias);
      ps.setString(2, primary);
      ps.executeUpdate();
    }
  }

  static boolean removeAlias(Connection c, String alias) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM aliases WHERE alias = ?")) {
      ps.setString(1, alias);
      return ps.executeUpdate() > 0;
    }
  }

  private static CachedDecision decision(ResultSet rs) throws SQLException {
    CacheKey key = new CacheKey(rs.getString(1), rs.getString(2), rs.getString(3));
    return new CachedDecision(key, rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)),
        Instant.ofEpochMilli(rs.getLong(6)));
  }

  private static void rollback(Statement s, SQLException e) {
    try {
      s.execute("ROLLBACK");
    } catch (SQLException suppressed) {
      e.addSuppressed(suppressed);
    }
  }
}
