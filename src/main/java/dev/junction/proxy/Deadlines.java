package dev.junction.proxy;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One event loop's request timeouts (response heads, discovery deadlines), checked by one sweep every
 * {@link #RESOLUTION_MS} while any is armed, instead of a scheduled task per request: arming and
 * disarming is a list link, and the loop's nearest wake-up changes only once per sweep (with io_uring
 * every change of it costs a submission). A timeout fires at most {@link #RESOLUTION_MS} late, never
 * early. Confined to the loop.
 */
final class Deadlines {
  /** How late a timeout may fire. */
  static final long RESOLUTION_MS = 20;

  /** Something with a deadline: linked into the loop's list while armed. */
  abstract static class Entry {
    private @Nullable Entry prev;
    private @Nullable Entry next;
    private long deadlineNanos;
    private boolean armed;

    /** The deadline passed; the entry is already disarmed. */
    abstract void expired();
  }

  private final EventLoop loop;
  private final Entry head = new Entry() {
    @Override
    void expired() {}
  };
  private boolean sweeping;

  Deadlines(EventLoop loop) {
    this.loop = loop;
    head.prev = head;
    head.next = head;
  }

  /** Arms (or re-arms) {@code e} to expire {@code delayMs} from now. */
  void arm(Entry e, long delayMs) {
    disarm(e);
    e.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
    e.armed = true;
    Entry last = head.prev;
    e.prev = last;
    e.next = head;
    last.next = e;
    head.prev = e;
    if (!sweeping) {
      sweeping = true;
      loop.schedule(this::sweep, Math.min(RESOLUTION_MS, Math.max(1, delayMs)), TimeUnit.MILLISECONDS);
    }
  }

  /** Takes {@code e} out; nothing happens when it is not armed. */
  void disarm(Entry e) {
    if (!e.armed) {
      return;
    }
    e.armed = false;
    e.prev.next = e.next;
    e.next.prev = e.prev;
    e.prev = null;
    e.next = null;
  }

  private void sweep() {
    long now = System.nanoTime();
    Entry e = head.next;
    while (e != head) {
      Entry next = e.next;
      if (now - e.deadlineNanos >= 0) {
        disarm(e);
        e.expired();
      }
      e = next.armed || next == head ? next : head.next; // expired() may have disarmed the next one: restart
    }
    if (head.next == head) {
      sweeping = false;
    } else {
      loop.schedule(this::sweep, RESOLUTION_MS, TimeUnit.MILLISECONDS);
    }
  }
}
