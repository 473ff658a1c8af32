package dev.junction.cache;

import dev.junction.cache.DecisionStore.StoreEvent;
import dev.junction.routing.CacheKey;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The JSON Junction writes to Redis: decision values, and change events on the events channel
 * ({@code {"from": instance, "type": ..., ...}}). Decoding throws {@link IllegalArgumentException}
 * (or a {@link RuntimeException} from the JSON parser) on anything malformed. Stateless.
 */
final class RedisMessages {
  private RedisMessages() {}

  /** An event and the instance that published it. */
  record Received(String from, StoreEvent event) {}

  static String decision(CachedDecision d) {
    return decisionJson(d).encode();
  }

  static CachedDecision decision(String json) {
    return decision(new JsonObject(json));
  }

  static String event(String from, StoreEvent event) {
    JsonObject json = new JsonObject().put("from", from);
    if (event instanceof StoreEvent.DecisionPut put) {
      json.put("type", "decision-put").put("decision", decisionJson(put.decision()));
    } else if (event instanceof StoreEvent.DecisionRemoved removed) {
      json.put("type", "decision-removed").put("key", keyJson(removed.key()));
    } else if (event instanceof StoreEvent.DecisionsCleared) {
      json.put("type", "decisions-cleared");
    } else if (event instanceof StoreEvent.AliasPut alias) {
      json.put("type", "alias-put").put("alias", alias.alias()).put("primary", alias.primary());
    } else if (event instanceof StoreEvent.AliasRemoved alias) {
      json.put("type", "alias-removed").put("alias", alias.alias());
    } else {
      throw new IllegalArgumentException("event: " + event + " (expected: a known StoreEvent)");
    }
    return json.encode();
  }

  static Received event(String text) {
    JsonObject json = new JsonObject(text);
    String from = required(json, "from");
    String type = required(json, "type");
    StoreEvent event = switch (type) {
      case "decision-put" -> new StoreEvent.DecisionPut(decision(object(json, "decision")));
      case "decision-removed" -> new StoreEvent.DecisionRemoved(key(object(json, "key")));
      case "decisions-cleared" -> new StoreEvent.DecisionsCleared();
      case "alias-put" -> new StoreEvent.AliasPut(required(json, "alias"), required(json, "primary"));
      case "alias-removed" -> new StoreEvent.AliasRemoved(required(json, "alias"));
      default -> throw new IllegalArgumentException("type: " + type + " (expected: a known event type)");
    };
    return new Received(from, event);
  }

  private static JsonObject decisionJson(CachedDecision d) {
    return keyJson(d.key())
        .put("backend", d.backend())
        .put("decidedAt", d.decidedAt().toEpochMilli())
        .put("expiresAt", d.expiresAt().toEpochMilli());
  }

  private static CachedDecision decision(JsonObject json) {
    Long decidedAt = json.getLong("decidedAt");
    Long expiresAt = json.getLong("expiresAt");
    if (decidedAt == null || expiresAt == null) {
      throw new IllegalArgumentException("decision: " + json.encode() + " (expected: decidedAt and expiresAt)");
    }
    return new CachedDecision(key(json), required(json, "backend"), Instant.ofEpochMilli(decidedAt),
        Instant.ofEpochMilli(expiresAt));
  }

  private static JsonObject keyJson(CacheKey key) {
    return new JsonObject().put("method", key.method()).put("path", key.path()).put("fingerprint", key.fingerprint());
  }

  private static CacheKey key(JsonObject json) {
    return new CacheKey(required(json, "method"), required(json, "path"), required(json, "fingerprint"));
  }

  private static JsonObject object(JsonObject json, String field) {
    JsonObject value = json.getJsonObject(field);
    if (value == null) {
      throw new IllegalArgumentException(field + ": missing (expected: an object)");
    }
    return value;
  }

  private static String required(JsonObject json, String field) {
    String value = json.getString(field);
    if (value == null) {
      throw new IllegalArgumentException(field + ": missing (expected: a string)");
    }
    return value;
  }
}
