package dev.junction.cache;

/**
 * A store operation was not attempted because the store is down and its next retry is not due
 * yet, or because the store is closed. The message says what is wrong (no secrets).
 */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message) {
    super(message, null, false, false);
  }
}
