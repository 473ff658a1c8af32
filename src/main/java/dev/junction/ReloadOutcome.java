package dev.junction;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What one configuration reload did. Immutable.
 *
 * @param status whether the new file now serves
 * @param trigger what asked for it: {@code admin}, {@code SIGHUP}, {@code file-watch} or {@code api}
 * @param at when it finished
 * @param problems why the file was refused ({@code file:line:column: key: message} when the loader
 *     knows where), empty unless {@link Status#REFUSED}
 * @param restartRequired settings that changed in the file but only apply on a restart (e.g.
 *     {@code "listen changed: restart to apply"}); the rest of the file was applied
 */
public record ReloadOutcome(Status status, String trigger, Instant at, List<String> problems, List<String> restartRequired) {
  /** The result of a reload. */
  public enum Status {
    /** The new routing serves every request that starts from now on. */
    APPLIED,
    /** The file parses to the configuration already in effect: nothing changed. */
    UNCHANGED,
    /** The file is invalid: nothing changed, the previous configuration keeps serving. */
    REFUSED
  }

  public ReloadOutcome {
    requireNonNull(status, "status");
    requireNonNull(trigger, "trigger");
    requireNonNull(at, "at");
    problems = List.copyOf(problems);
    restartRequired = List.copyOf(restartRequired);
  }
}
