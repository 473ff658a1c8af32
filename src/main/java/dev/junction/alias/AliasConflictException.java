package dev.junction.alias;

import java.util.List;

/**
 * An alias change or table that cannot be accepted: every problem found, each message naming the
 * alias, its primary and what it clashes with, e.g. {@code alias '/v1/x' for '/x' clashes with
 * alias '/v1/x' for '/y'}. The admin API answers it with 409 Conflict (or 400 for malformed paths,
 * which it can recognize by {@link #malformed()}).
 */
public final class AliasConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> messages;
  private final boolean malformed;

  AliasConflictException(List<String> messages, boolean malformed) {
    super(String.join("\n", messages));
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("messages: [] (expected: at least one problem)");
    }
    this.messages = List.copyOf(messages);
    this.malformed = malformed;
  }

  /** Every problem, in declaration order of the entries concerned; never empty. */
  public List<String> messages() {
    return messages;
  }

  /** True when at least one problem is a malformed path rather than a clash between paths. */
  public boolean malformed() {
    return malformed;
  }
}
