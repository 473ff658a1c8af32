package dev.junction.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test opened (backends, a running Junction), closed after it in reverse order, so the last
 * one started (usually Junction) stops first. Register it per test instance:
 * {@code @RegisterExtension final Closing open = new Closing();}.
 */
public final class Closing implements AfterEachCallback {
  private final List<AutoCloseable> opened = new ArrayList<>();

  /** Closes {@code c} after the test; returns it. */
  public <T extends AutoCloseable> T add(T c) {
    opened.add(c);
    return c;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception first = null;
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    opened.clear();
    if (first != null) {
      throw first;
    }
  }
}
