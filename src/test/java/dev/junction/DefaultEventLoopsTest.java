package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The event loops when none are asked for (see bench/results/2026-12-07-defaults-event-loops.md). */
class DefaultEventLoopsTest {
  @Test
  void oneOnOneOrTwoCpusAndOnePerCpuAbove() {
    assertThat(Junction.Builder.defaultEventLoops(1)).isEqualTo(1);
    assertThat(Junction.Builder.defaultEventLoops(2)).isEqualTo(1);
    assertThat(Junction.Builder.defaultEventLoops(3)).isEqualTo(3);
    assertThat(Junction.Builder.defaultEventLoops(16)).isEqualTo(16);
  }
}
