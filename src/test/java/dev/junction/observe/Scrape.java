package dev.junction.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Prometheus text exposition parsed by the reference parser, the Python client's
 * {@code prometheus_client.parser} (Debian's {@code python3-prometheus-client}, installed by
 * {@code .ci/run}); the test fails when it is missing. Every sample becomes one record.
 */
record Scrape(List<Sample> samples) {
  record Sample(String family, String type, String name, Map<String, String> labels, double value) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCRIPT = """
      import sys, json
      from prometheus_client.parser import text_string_to_metric_families
      for f in text_string_to_metric_families(sys.stdin.read()):
          for s in f.samples:
              print(json.dumps({"family": f.name, "type": f.type, "name": s.name, "labels": s.labels, "value": repr(s.value)}))
      """;

  static Scrape parse(String text) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", SCRIPT).redirectErrorStream(false).start();
    try (var in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("the Prometheus parser refused the scrape: %s", err).isZero();
    List<Sample> samples = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = JSON.readTree(line);
      Map<String, String> labels = new LinkedHashMap<>();
      n.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      samples.add(new Sample(n.get("family").asText(), n.get("type").asText(), n.get("name").asText(), labels,
          Double.parseDouble(n.get("value").asText().replace("nan", "NaN").replace("inf", "Infinity"))));
    }
    return new Scrape(List.copyOf(samples));
  }

  /** The value of the one sample with this name and exactly these labels; 0 when there is none. */
  double value(String name, Map<String, String> labels) {
    List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).toList();
    assertThat(found.size()).as("samples %s%s", name, labels).isLessThanOrEqualTo(1);
    return found.isEmpty() ? 0 : found.get(0).value();
  }

  /** Samples with this name whose labels include {@code subset}. */
  List<Sample> matching(String name, Map<String, String> subset) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(subset.entrySet()))
        .toList();
  }

  /** The family's type as declared by {@code # TYPE}, e.g. counter, histogram. */
  String type(String family) {
    return samples.stream().filter(s -> s.family().equals(family)).map(Sample::type).findFirst().orElse("absent");
  }
}
