package dev.junction.proxy;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Things one event loop looks at periodically, instead of a scheduled task each: they are the nodes
 * of an intrusive doubly linked list (linking and unlinking is a few field writes, no allocation),
 * and one task visits every linked node each period while any is linked. The loop's nearest wake-up
 * changes once per sweep at most (with io_uring every change of it costs a submission). {@link
 * Deadlines} (backend and discovery timeouts) and {@link ClientSweep} (client timeouts) are its two
 * uses. Confined to the loop.
 */
abstract class LoopSweep<N extends LoopSweep.Node> {
  /** A thing swept: linked into one sweep's list, or not. */
  abstract static class Node {
    private @Nullable Node prev;
    private @Nullable Node next;
    private boolean linked;
  }

  private final EventLoop loop;
  private final long periodMs;
  private final Node head = new Node() {};
  private final Runnable sweep = this::sweep;
  private boolean sweeping;

  LoopSweep(EventLoop loop, long periodMs) {
    this.loop = loop;
    this.periodMs = periodMs;
    head.prev = head;
    head.next = head;
  }

  /** Links {@code n} at the end; nothing happens when it already is. A sweep comes within {@code firstMs}, or its period when one is due. */
  final void link(N node, long firstMs) {
    Node n = node;
    if (n.linked) {
      return;
    }
    n.linked = true;
    Node last = head.prev;
    n.prev = last;
    n.next = head;
    last.next = n;
    head.prev = n;
    if (!sweeping) {
      sweeping = true;
      loop.schedule(sweep, firstMs, TimeUnit.MILLISECONDS);
    }
  }

  /** Takes {@code n} out; nothing happens when it is not linked. */
  final void unlink(N node) {
    Node n = node;
    if (!n.linked) {
      return;
    }
    n.linked = false;
    n.prev.next = n.next;
    n.next.prev = n.prev;
    n.prev = null;
    n.next = null;
  }

  /** One sweep's look at {@code n}, at {@code now} ({@link System#nanoTime}); it may unlink any node. */
  abstract void visit(N n, long now);

  @SuppressWarnings("unchecked")
  private void sweep() {
    long now = System.nanoTime();
    Node n = head.next;
    while (n != head) {
      Node next = n.next;
      visit((N) n, now);
      // visit() may have unlinked the next one too: start over; a second look within one sweep changes nothing
      n = next.linked || next == head ? next : head.next;
    }
    if (head.next == head) {
      sweeping = false;
    } else {
      loop.schedule(sweep, periodMs, TimeUnit.MILLISECONDS);
    }
  }
}
