package dev.junction.admin.config;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a configuration reload did, as the admin API shows it. */
@Schema(description = "The outcome of a configuration reload: applied, unchanged or refused (the previous "
    + "configuration keeps serving), with the problems found and the settings that need a restart.")
public record ReloadResult(
    @Schema(description = "applied, unchanged, refused, or none when no reload has happened yet.")
    ReloadStatus status,
    @Schema(description = "The config file reloaded.", example = "/etc/junction/junction.yaml")
    String file,
    @Schema(description = "What triggered it: admin, SIGHUP, file-watch or api; absent when status is none.",
        example = "admin")
    @Nullable String trigger,
    @Schema(description = "When it finished; absent when status is none.")
    @Nullable Instant at,
    @Schema(description = "Why the file was refused, each as file:line:column: key: message; empty unless refused.",
        example = "[\"/etc/junction/junction.yaml:12:7: rules[0].backend: unknown backend 'c' (expected: one of a, b)\"]")
    List<String> problems,
    @Schema(description = "Settings that changed in the file but apply only after a restart; the rest was applied.",
        example = "[\"listen changed: restart to apply\"]")
    List<String> restartRequired) {

  public ReloadResult {
    requireNonNull(status, "status");
    requireNonNull(file, "file");
    problems = List.copyOf(problems);
    restartRequired = List.copyOf(restartRequired);
  }
}
