package dev.junction.alias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AliasRegistryTest {
  private static final int THREADS = 8;

  private final AliasRegistry registry = new AliasRegistry(
      AliasTable.build(Map.of("/audio/speech", List.of("/v1/audio/speech")), Set.of("/health")));
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  AliasRegistryTest() {
    registry.addListener((table, remote) -> events.add((remote ? "remote " : "local ") + table.entries().size()));
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void addSwapsTheCurrentTableAndTellsListeners() {
    AliasTable returned = registry.add("/speak", "/audio/speech");

    assertThat(registry.current()).isSameAs(returned);
    assertThat(registry.current().resolve("/speak").primary()).isEqualTo("/audio/speech");
    assertThat(events).containsExactly("local 2");
  }

  @Test
  void removeSwapsTheCurrentTableAndTellsListeners() {
    registry.add("/speak", "/audio/speech");

    registry.remove("/speak");

    assertThat(registry.current().resolve("/speak").aliased()).isFalse();
    assertThat(events).containsExactly("local 2", "local 1");
  }

  @Test
  void aRejectedAddChangesNothingAndTellsNoOne() {
    AliasTable before = registry.current();

    assertThatThrownBy(() -> registry.add("/health", "/audio/speech"))
        .isInstanceOf(AliasConflictException.class);

    assertThat(registry.current()).isSameAs(before);
    assertThat(events).isEmpty();
  }

  @Test
  void removingAnUnknownAliasLocallyFails() {
    assertThatThrownBy(() -> registry.remove("/nope")).isInstanceOf(UnknownAliasException.class);
  }

  @Test
  void aRemoteAddIsReportedAsRemote() {
    registry.applyRemoteAdd("/speak", "/audio/speech");

    assertThat(events).containsExactly("remote 2");
  }

  @Test
  void theEchoOfALocalAddIsANoOp() {
    AliasTable afterLocal = registry.add("/speak", "/audio/speech");

    assertThat(registry.applyRemoteAdd("/speak", "/audio/speech")).isSameAs(afterLocal);
    assertThat(events).containsExactly("local 2");
  }

  @Test
  void aRemoteAddOfAnAliasThisConfigAlreadyHasIsANoOp() {
    registry.applyRemoteAdd("/v1/audio/speech", "/audio/speech");

    assertThat(events).isEmpty();
  }

  @Test
  void aRemoteRemovalOfAnUnknownAliasIsANoOp() {
    AliasTable before = registry.current();

    assertThat(registry.applyRemoteRemove("/nope")).isSameAs(before);
  }

  @Test
  void aRemoteRemovalOfAConfigAliasIsIgnored() {
    registry.applyRemoteRemove("/v1/audio/speech");

    assertThat(registry.current().resolve("/v1/audio/speech").primary()).isEqualTo("/audio/speech");
  }

  @Test
  void aRemoteRemovalOfARuntimeAliasRemovesIt() {
    registry.add("/speak", "/audio/speech");

    registry.applyRemoteRemove("/speak");

    assertThat(events).containsExactly("local 2", "remote 1");
  }

  @Test
  void aFailingListenerDoesNotUndoTheChangeNorSilenceOthers() {
    AliasRegistry r = new AliasRegistry(AliasTable.build(Map.of(), Set.of()));
    AtomicInteger told = new AtomicInteger();
    r.addListener((table, remote) -> {
      throw new IllegalStateException("listener broke on purpose");
    });
    r.addListener((table, remote) -> told.incrementAndGet());

    r.add("/v1/x", "/x");

    assertThat(r.current().resolve("/v1/x").primary()).isEqualTo("/x");
    assertThat(told).hasValue(1);
  }

  @Test
  void concurrentAddsFromManyThreadsAllLand() throws Exception {
    int perThread = 50;
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      tasks.add(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          registry.add("/t" + thread + "/a" + i, "/t" + thread + "/p" + i);
        }
        return null;
      });
    }
    List<Future<Void>> done = new ArrayList<>();
    tasks.forEach(task -> done.add(pool.submit(task)));
    start.countDown();
    for (Future<Void> f : done) {
      f.get();
    }

    AliasTable table = registry.current();
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < perThread; i++) {
        assertThat(table.resolve("/t" + t + "/a" + i).primary()).isEqualTo("/t" + t + "/p" + i);
      }
    }
    assertThat(table.entries()).hasSize(1 + THREADS * perThread);
    assertThat(events).hasSize(THREADS * perThread);
  }

  @Test
  void concurrentAddsOfOneAliasForDifferentPrimariesLetExactlyOneWin() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      String primary = "/p" + t;
      done.add(pool.submit(() -> {
        start.await();
        try {
          registry.add("/contested", primary);
          return true;
        } catch (AliasConflictException e) {
          return false;
        }
      }));
    }
    start.countDown();
    List<Integer> winners = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      if (done.get(t).get()) {
        winners.add(t);
      }
    }

    assertThat(winners).hasSize(1);
    assertThat(registry.current().resolve("/contested").primary()).isEqualTo("/p" + winners.get(0));
  }
}
