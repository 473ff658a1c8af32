package dev.junction.proxy;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's request timeouts (response heads, discovery deadlines), checked by one sweep every
 * {@link #RESOLUTION_MS} while any is armed, instead of a scheduled task per request: arming and
 * disarming is a list link ({@link LoopSweep}). A timeout fires at most {@link #RESOLUTION_MS} late,
 * never early. Confined to the loop.
 */
final class Deadlines extends LoopSweep<Deadlines.Entry> {
  /** How late a timeout may fire. */
  static final long RESOLUTION_MS = 20;

  /** Something with a deadline: linked into the loop's list while armed. */
  abstract static class Entry extends LoopSweep.Node {
    private long deadlineNanos;

    /** The deadline passed; the entry is already disarmed. */
    abstract void expired();
  }

  Deadlines(EventLoop loop) {
    super(loop, RESOLUTION_MS);
  }

  /** Arms (or re-arms) {@code e} to expire {@code delayMs} from now. */
  void arm(Entry e, long delayMs) {
    unlink(e);
    e.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
    link(e, Math.min(RESOLUTION_MS, Math.max(1, delayMs)));
  }

  /** Takes {@code e} out; nothing happens when it is not armed. */
  void disarm(Entry e) {
    unlink(e);
  }

  @Override
  void visit(Entry e, long now) {
    if (now - e.deadlineNanos >= 0) {
      unlink(e);
      e.expired();
    }
  }
}
