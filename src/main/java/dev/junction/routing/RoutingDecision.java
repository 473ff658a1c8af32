package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.config.BackendConfig;
import dev.junction.config.StatusSet;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What to do with a request: a pure value, carried out by the forwarder. */
public sealed interface RoutingDecision {

  /** Read and parse the body (up to the buffer limit), then ask again with the payload. */
  record NeedPayload() implements RoutingDecision {}

  /**
   * An explicit rule picked the backends. With {@link Balancer#first()} the first is used, the rest
   * only when it cannot be reached. Otherwise ({@link #balanced()}) {@code balancer} picks the first
   * per request and the others follow as failover; {@code balancer} is the rule's shared, thread-safe
   * state, so this record stays an immutable value that the router hands out unchanged.
   * {@code responseTimeout} (null: each backend's, else the global one) and {@code
   * retryNonIdempotentOnTimeout} are the rule's own attempt settings.
   */
  record Forward(List<BackendConfig> backends, String ruleId, Balancer balancer, @Nullable Duration responseTimeout,
      boolean retryNonIdempotentOnTimeout) implements RoutingDecision {
    /** With the backends' (or the global) response timeout and no move-on after a timeout for POST. */
    public Forward(List<BackendConfig> backends, String ruleId, Balancer balancer) {
      this(backends, ruleId, balancer, null, false);
    }

    public Forward {
      backends = List.copyOf(backends);
      requireNonNull(ruleId, "ruleId");
      requireNonNull(balancer, "balancer");
      if (backends.isEmpty()) {
        throw new IllegalArgumentException("backends: empty");
      }
    }

    /** The written order, nothing balanced. */
    public Forward(List<BackendConfig> backends, String ruleId) {
      this(backends, ruleId, Balancer.first());
    }

    /** Whether {@code balancer} chooses: a strategy other than {@code first} and several backends. */
    public boolean balanced() {
      return balancer != Balancer.first() && backends.size() > 1;
    }
  }

  /**
   * The catalog stage: {@code model} is listed by {@code backends} (in {@code models.backends} order),
   * and no rule decided. Carried out like a rule with these backends: {@code balancer} picks the
   * first when several list it, the others follow when one is busy or cannot be reached. A 404
   * from one of them tells {@code feedback}, so its catalog is fetched again. Built once per model
   * and catalog version, so a lookup allocates nothing.
   */
  record Catalog(String model, List<BackendConfig> backends, Balancer balancer, CatalogFeedback feedback)
      implements RoutingDecision {
    public Catalog {
      requireNonNull(model, "model");
      backends = List.copyOf(backends);
      requireNonNull(balancer, "balancer");
      requireNonNull(feedback, "feedback");
      if (backends.isEmpty()) {
        throw new IllegalArgumentException("backends: empty");
      }
    }

    /** Whether {@code balancer} chooses: a strategy other than {@code first} and several backends. */
    public boolean balanced() {
      return balancer != Balancer.first() && backends.size() > 1;
    }
  }

  /**
   * The body names a model alias: {@code then} was decided for the request renamed to {@code to},
   * and the data plane rewrites the body's string at {@code field} from {@code from} to {@code to}
   * before carrying {@code then} out.
   */
  record Renamed(String from, String to, com.fasterxml.jackson.core.JsonPointer field, RoutingDecision then)
      implements RoutingDecision {
    public Renamed {
      requireNonNull(from, "from");
      requireNonNull(to, "to");
      requireNonNull(field, "field");
      requireNonNull(then, "then");
      if (then instanceof Renamed || then instanceof NeedPayload) {
        throw new IllegalArgumentException("then: " + then + " (expected: a decision to carry out)");
      }
    }
  }

  /** What a catalog decision reports back once carried out. */
  @FunctionalInterface
  interface CatalogFeedback {
    /** {@code backend}, chosen because its catalog lists {@code model}, answered 404. */
    void notFound(BackendConfig backend, String model);
  }

  /**
   * No rule decides: try {@code candidates} in order until one accepts, and remember the winner
   * under {@code key} when it is not {@code null} (null: the outcome depends on something outside
   * any key, so it is not cached).
   */
  record Discover(List<BackendConfig> candidates, @Nullable CacheKey key, StatusSet success) implements RoutingDecision {
    public Discover {
      candidates = List.copyOf(candidates);
      requireNonNull(success, "success");
    }
  }

  /**
   * A remembered decision. When {@code backend} fails before answering, the entry is evicted and
   * {@code rediscover} runs within the same request.
   */
  record Cached(BackendConfig backend, CacheKey key, Discover rediscover) implements RoutingDecision {
    public Cached {
      requireNonNull(backend, "backend");
      requireNonNull(key, "key");
      requireNonNull(rediscover, "rediscover");
    }
  }

  /** Answer the client without forwarding. {@code type} is a short problem slug, e.g. {@code payload-too-large}. */
  record Reject(int status, String type, String title, String detail) implements RoutingDecision {}
}
