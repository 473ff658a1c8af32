package dev.junction.proxy;

import org.jspecify.annotations.Nullable;

/**
 * How one relayed answer's backend was chosen, as {@link #NAME} shows it and the logs print it:
 * {@code <how>; backend=<name>}, then {@code ; attempts=<n>} when {@code attempts} is positive, then
 * {@code ; final=<status>} when the answer was relayed though its status is no success. The text is
 * only built when shown or logged.
 *
 * @param plan the plan carried out: its label, and whether the header is shown at all
 * @param fromCache the remembered decision's backend answered: {@code how} is {@code cache}, not
 *     the plan's label
 * @param attempts shown when positive (searches, not explicit rules)
 * @param finalStatus shown when positive: the status of an answer relayed though it is no success
 */
record DecisionHeader(ForwardPlan plan, boolean fromCache, String backend, int attempts, int finalStatus) {
  static final String NAME = "X-Junction-Decision";

  /** The header's value, or {@code null} when the plan says answers carry none. */
  @Nullable String value() {
    return plan.showDecision() ? toString() : null;
  }

  @Override
  public String toString() {
    String s = (fromCache ? "cache" : plan.label().toString()) + "; backend=" + backend;
    if (attempts > 0) {
      s = s + "; attempts=" + attempts;
    }
    return finalStatus > 0 ? s + "; final=" + finalStatus : s;
  }
}
