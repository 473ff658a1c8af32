package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.EjectionConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.proxy.ExchangeObserver;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.ChaosBackend;
import dev.junction.testing.ChaosBackend.Behaviour;
import dev.junction.testing.ChaosBackend.Mix;
import dev.junction.testing.ChaosClient;
import dev.junction.testing.ChaosClient.Outcome;
import dev.junction.testing.ChaosClient.Verdict;
import dev.junction.testing.LogCapture;
import dev.junction.testing.ProxyFixture;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A bounded chaos soak: {@value #CLIENTS} keep-alive clients on raw sockets send GET, HEAD and POST
 * through one Junction to a {@link ChaosBackend} that answers about half of the requests in one of
 * its hostile ways, for {@code junction.chaos.seconds} (default 20; {@code bench/chaos.sh} runs
 * 120). Junction has one event loop and two pooled connections to the backend, so that the clients
 * share few backend connections: where one client's answer could reach another.
 *
 * <p>Every answer is judged by {@link ChaosClient#judge}: none may carry another request's id
 * (cross-client), be complete by its framing without verifying (falsely complete), break HTTP
 * (malformed) or never come (hung); nothing may be logged at ERROR. {@code -Djunction.random.seed}
 * (printed) replays the backend's choices, {@code -Djunction.chaos.mix=normal=50,reset=10,...}
 * changes them. The numbers go to {@code target/chaos-report.txt}.
 */
@Tag("soak")
class ChaosSoakTest {
  private static final int CLIENTS = 8;
  private static final long DEFAULT_SEED = 20_250_527L;
  /** Junction's timeouts are short, so that stalls end in a 504 or a reset well within the client's read timeout. */
  private static final ProxyConfig SHORT_TIMEOUTS = new ProxyConfig(Duration.ofSeconds(1), Duration.ofMillis(500),
      Duration.ofSeconds(1), 1 << 20, 2, 16 * 1024, EjectionConfig.off());
  private static final int READ_TIMEOUT_MS = 10_000;

  @Test
  void hostileBackendsNeverGiveAClientAnotherClientsAnswerNorABrokenAnswerThatLooksComplete() throws Exception {
    long seconds = Long.getLong("junction.chaos.seconds", 20);
    long seed = Long.getLong("junction.random.seed", DEFAULT_SEED);
    String spec = System.getProperty("junction.chaos.mix");
    Mix mix = spec == null || spec.isBlank() ? Mix.defaults() : Mix.parse(spec);

    Report r = run(seconds, seed, mix, SHORT_TIMEOUTS);
    Files.writeString(Path.of("target", "chaos-report.txt"), r.text());
    System.out.println(r.text());

    List<String> broken = new ArrayList<>();
    must(broken, r.count(Outcome.CROSS_CLIENT), "cross-client answers");
    must(broken, r.count(Outcome.FALSELY_COMPLETE), "falsely complete answers");
    must(broken, r.count(Outcome.HUNG), "hung answers");
    must(broken, r.count(Outcome.MALFORMED), "malformed answers");
    must(broken, r.backend.foreignBodies(), "requests whose body was another request's");
    must(broken, r.errors.size(), "ERROR log lines");
    if (r.checked() <= seconds * 25) {
      broken.add("only " + r.checked() + " answers checked (expected: > " + seconds * 25 + ")");
    }
    for (Behaviour b : mix.active()) {
      if (r.backend.counts().get(b) == 0) {
        broken.add("behaviour " + b.key + " never exercised");
      }
    }
    assertThat(broken).as(r.text()).isEmpty();
  }

  /** The control for the judge: with a backend that only answers well, every answer must be ok. */
  @Test
  void aWellBehavedBackendGivesEveryClientItsOwnWholeAnswer() throws Exception {
    ProxyConfig patient = new ProxyConfig(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), 1 << 20, 2,
        16 * 1024, EjectionConfig.off());

    Report r = run(3, DEFAULT_SEED, Mix.parse("normal=1"), patient);

    assertThat(r.count(Outcome.OK)).as(r.text()).isEqualTo(r.checked()).isGreaterThan(100);
  }

  private static void must(List<String> broken, long n, String what) {
    if (n != 0) {
      broken.add(n + " " + what + " (must be 0)");
    }
  }

  /** Runs the clients for {@code seconds} against a fresh backend and Junction; the counts. */
  private static Report run(long seconds, long seed, Mix mix, ProxyConfig proxy) throws Exception {
    Vertx vertx = Vertx.vertx();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try (LogCapture logs = LogCapture.errorsOnly();
        ChaosBackend backend = new ChaosBackend(seed, mix, 2 * proxy.idleTimeout().toMillis() + 500)) {
      BackendConfig b = ProxyFixture.backend("chaos", backend.uri());
      Report report = new Report(backend, seed, seconds);
      try (ProxyFixture junction = new ProxyFixture(vertx, List.of(b), r -> new RoutingDecision.Forward(List.of(b), "all"),
          proxy, 1, ExchangeObserver.NONE)) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<?>> clients = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
          int client = t;
          clients.add(pool.submit(() -> {
            traffic(junction.port(), client, new Random(seed * 31 + client), end, report);
            return null;
          }));
        }
        for (Future<?> f : clients) {
          f.get(seconds + 120, TimeUnit.SECONDS);
        }
      }
      report.errors = logs.errors();
      return report;
    } finally {
      pool.shutdownNow();
      vertx.close().await();
    }
  }

  /** One client: requests one after another on a keep-alive connection, a new one after any answer that is not clean. */
  private static void traffic(int port, int client, Random random, long end, Report report) {
    ChaosClient c = null;
    try {
      for (long n = 0; System.nanoTime() - end < 0; n++) {
        String id = ChaosClient.id(client, n);
        int m = random.nextInt(20);
        String method = m < 10 ? "GET" : m < 13 ? "HEAD" : "POST";
        byte[] body = method.equals("POST") ? ChaosBackend.requestBody(id, random.nextInt(8192 / ("post:" + id + ";").length() + 1))
            : new byte[0];
        boolean chunked = random.nextBoolean();
        Verdict v;
        try {
          if (c == null) {
            c = new ChaosClient(port, READ_TIMEOUT_MS);
          }
          report.sent.increment();
          c.send(method, id, body, chunked);
          v = c.answer(method, id);
        } catch (IOException e) {
          v = new Verdict(Outcome.EXPLICIT_ERROR, "could not send: " + e.getMessage(), false, Set.of());
        }
        report.record(method, id, v);
        if (!v.keep() && c != null) {
          c.close();
          c = null;
        }
      }
    } finally {
      if (c != null) {
        c.close();
      }
    }
  }

  /** The counts of one run, and a few samples of every outcome that is not ok. */
  private static final class Report {
    private static final int SAMPLES = 6;
    final ChaosBackend backend;
    final long seed;
    final long seconds;
    final LongAdder sent = new LongAdder();
    final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    /** The outcomes of the answers to the requests that got each behaviour ("not reached": the backend never saw the id). */
    final Map<String, Map<Outcome, LongAdder>> byBehaviour = new ConcurrentHashMap<>();
    final Map<Outcome, List<String>> samples = new EnumMap<>(Outcome.class);
    final Map<String, LongAdder> notes = new ConcurrentHashMap<>();
    List<String> errors = List.of();

    Report(ChaosBackend backend, long seed, long seconds) {
      this.backend = backend;
      this.seed = seed;
      this.seconds = seconds;
      for (Outcome o : Outcome.values()) {
        outcomes.put(o, new LongAdder());
        samples.put(o, new ArrayList<>());
      }
    }

    void record(String method, String id, Verdict v) {
      outcomes.get(v.outcome()).increment();
      ChaosBackend.Served s = backend.served(id);
      String behaviour = s == null ? "not reached" : s.behaviour().key;
      byBehaviour.computeIfAbsent(behaviour, k -> {
        Map<Outcome, LongAdder> m = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
          m.put(o, new LongAdder());
        }
        return m;
      }).get(v.outcome()).increment();
      v.notes().forEach(note -> notes.computeIfAbsent(note, k -> new LongAdder()).increment());
      if (v.outcome() != Outcome.OK) {
        List<String> l = samples.get(v.outcome());
        synchronized (l) {
          if (l.size() < (v.outcome() == Outcome.EXPLICIT_ERROR ? 3 : SAMPLES)) {
            l.add(id + " " + method + " [backend: " + (s == null ? "never saw it" : s.behaviour().key + "/" + s.variant()
                + (s.before() == null ? ", first on its connection" : "; before it on that connection: " + s.before()))
                + "] " + (v.detail().length() > 300 ? v.detail().substring(0, 300) + "..." : v.detail()));
          }
        }
      }
    }

    long count(Outcome o) {
      return outcomes.get(o).sum();
    }

    long checked() {
      return outcomes.values().stream().mapToLong(LongAdder::sum).sum();
    }

    String text() {
      StringBuilder t = new StringBuilder();
      t.append("chaos: %d requests sent, %d answers checked, %d ok, %d explicit errors, %d cross-client, %d falsely complete, %d hung (seed %d, %d s)%n"
          .formatted(sent.sum(), checked(), count(Outcome.OK), count(Outcome.EXPLICIT_ERROR), count(Outcome.CROSS_CLIENT),
              count(Outcome.FALSELY_COMPLETE), count(Outcome.HUNG), seed, seconds));
      t.append("also: %d malformed, %d ERROR log lines; backend: %d requests on %d connections, %d foreign request bodies%n"
          .formatted(count(Outcome.MALFORMED), errors.size(), backend.requests(), backend.connections(), backend.foreignBodies()));
      t.append("behaviour (times picked): outcomes of the answers to the requests that got it\n");
      Map<String, Map<Outcome, LongAdder>> sorted = new TreeMap<>(byBehaviour);
      Map<Behaviour, Long> picked = backend.counts();
      for (Behaviour b : Behaviour.values()) {
        sorted.putIfAbsent(b.key, Map.of());
      }
      sorted.forEach((name, m) -> {
        long times = picked.entrySet().stream().filter(e -> e.getKey().key.equals(name)).mapToLong(Map.Entry::getValue).sum();
        StringBuilder line = new StringBuilder("  %-18s %6d:".formatted(name, times));
        m.forEach((o, n) -> {
          if (n.sum() > 0) {
            line.append(' ').append(n.sum()).append(' ').append(o.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(',');
          }
        });
        t.append(line.toString().replaceAll(",$", "")).append('\n');
      });
      if (!notes.isEmpty()) {
        t.append("notes:");
        new TreeMap<>(notes).forEach((k, n) -> t.append(' ').append(k).append(" x").append(n.sum()).append(';'));
        t.append('\n');
      }
      samples.forEach((o, l) -> {
        synchronized (l) {
          for (String s : l) {
            t.append(o.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(": ").append(s).append('\n');
          }
        }
      });
      errors.stream().limit(SAMPLES).forEach(e -> t.append("ERROR: ").append(e).append('\n'));
      return t.toString();
    }
  }
}
