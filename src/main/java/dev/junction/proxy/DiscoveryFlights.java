package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.config.BackendConfig;
import dev.junction.routing.CacheKey;
import dev.junction.routing.RoutingDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One discovery per cache key at a time, across every event loop. The first request with a key
 * nobody has decided leads: its discovery runs as usual. Requests with the same key that come
 * while it runs wait (each for at most {@code discovery.deadline}, each with its own body) and are
 * then resumed on their own loop with the outcome:
 *
 * <ul>
 *   <li>a backend accepted: forwarded to it as a cache hit (and, should it fail them, discovery
 *       runs again for them as for any remembered decision);
 *   <li>a backend's answer was relayed though it was no success (every backend answered with a
 *       client error, or an answer that could not be moved on from): forwarded to that backend only,
 *       whose answer they get, without probing every backend again;
 *   <li>no backend answered usefully (502, 504, every one busy): the same problem answer;
 *   <li>the leader's client went away before an outcome: they run through here again, and one of
 *       them leads.
 * </ul>
 *
 * Thread-safe; nothing blocks.
 */
final class DiscoveryFlights {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryFlights.class);

  /** How a discovery ended, for the requests that waited for it. */
  sealed interface Outcome permits Won, Only, Failed, Again {}

  /** {@code backend} accepted and is remembered. */
  record Won(String backend) implements Outcome {}

  /** {@code backend}'s answer was relayed as the last word; the waiters ask it alone. */
  record Only(String backend) implements Outcome {}

  /** No backend answered usefully: {@code problem} (with {@code Retry-After} when positive). */
  record Failed(ObjectNode problem, long retryAfterSeconds) implements Outcome {}

  /** The discovery stopped without an outcome (its client left): try again. */
  record Again() implements Outcome {}

  /** A request waiting for another request's discovery, on its own loop. */
  private final class Waiter extends Deadlines.Entry {
    final Exchange ex;
    final RoutingDecision.Discover discover;
    final Flight flight;

    Waiter(Exchange ex, RoutingDecision.Discover discover, Flight flight) {
      this.ex = ex;
      this.discover = discover;
      this.flight = flight;
    }

    /** {@code discovery.deadline} passed while waiting. */
    @Override
    void expired() {
      if (flight.leave(this)) {
        ex.seen.decided(CompletedExchange.Source.DISCOVERY, null);
        ProblemAnswers.send(ex, 504, "discovery-deadline", "Discovery deadline passed",
            "no backend accepted the request within " + ex.loop.forwarder.discoveryDeadlineMs()
                + " ms (it waited for a discovery of the same key by another request)", ex.path);
      }
    }

    void gone() {
      if (flight.leave(this)) {
        ex.loop.deadlines.disarm(this);
      }
    }

    void resume(Outcome outcome) {
      ex.loop.deadlines.disarm(this);
      if (ex.over()) {
        return;
      }
      Forwarder forwarder = ex.loop.forwarder;
      if (outcome instanceof Won won) {
        BackendConfig b = candidate(discover, won.backend());
        forwarder.execute(ex, b == null ? discover : new RoutingDecision.Cached(b, flight.key, discover), b == null);
      } else if (outcome instanceof Only only) {
        BackendConfig b = candidate(discover, only.backend());
        forwarder.execute(ex, b == null ? discover : new RoutingDecision.Discover(List.of(b), flight.key,
            discover.success()), b == null);
      } else if (outcome instanceof Failed failed) {
        ex.seen.decided(CompletedExchange.Source.DISCOVERY, null);
        ProblemAnswers.send(ex, failed.problem().deepCopy(), failed.retryAfterSeconds());
      } else {
        forwarder.execute(ex, discover, true);
      }
    }
  }

  /** One discovery in flight and the requests waiting for it. */
  final class Flight {
    final CacheKey key;
    private final List<Waiter> waiters = new ArrayList<>(2);
    private boolean landed;

    private Flight(CacheKey key) {
      this.key = key;
    }

    private synchronized boolean join(Waiter w) {
      if (landed) {
        return false;
      }
      waiters.add(w);
      waiting.incrementAndGet();
      return true;
    }

    private synchronized boolean leave(Waiter w) {
      if (waiters.remove(w)) {
        waiting.decrementAndGet();
        return true;
      }
      return false;
    }

    /** The leader's discovery ended with {@code outcome}: every waiter is resumed on its own loop. */
    void land(Outcome outcome) {
      flights.remove(key, this);
      List<Waiter> resumed;
      synchronized (this) {
        landed = true;
        resumed = List.copyOf(waiters);
        waiters.clear();
        waiting.addAndGet(-resumed.size());
      }
      if (!resumed.isEmpty()) {
        LOG.debug("discovery for {} ended ({}): {} waiting request(s) resumed", key.asString(), outcome, resumed.size());
      }
      for (Waiter w : resumed) {
        w.ex.loop.executor.execute(() -> w.resume(outcome));
      }
    }
  }

  private final ConcurrentHashMap<CacheKey, Flight> flights = new ConcurrentHashMap<>();
  private final AtomicInteger waiting = new AtomicInteger();

  /**
   * Leads the discovery for {@code discover}'s key, or waits for the one in flight.
   *
   * @return the flight the caller leads (it must {@linkplain Flight#land land} it, whatever happens),
   *     or {@code null}: the caller waits and is resumed later, on its loop
   */
  @Nullable Flight leadOrWait(Exchange ex, RoutingDecision.Discover discover, long deadlineMs) {
    CacheKey key = requireNonNull(discover.key(), "key");
    while (true) {
      Flight[] led = {null};
      Flight f = flights.computeIfAbsent(key, k -> led[0] = new Flight(k));
      if (led[0] != null) {
        return f;
      }
      Waiter w = new Waiter(ex, discover, f);
      if (f.join(w)) {
        ex.loop.deadlines.arm(w, Math.max(1, deadlineMs));
        ex.onClientGone(w::gone);
        return null;
      }
      // it landed between the lookup and the join: look again (the next one leads or is found)
    }
  }

  /** Requests waiting now for another request's discovery. */
  int waiting() {
    return waiting.get();
  }

  private static @Nullable BackendConfig candidate(RoutingDecision.Discover discover, String name) {
    for (BackendConfig b : discover.candidates()) {
      if (b.name().equals(name)) {
        return b;
      }
    }
    return null;
  }
}
