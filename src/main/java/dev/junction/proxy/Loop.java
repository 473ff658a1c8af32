package dev.junction.proxy;

import dev.junction.config.ClientTimeouts;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.HashSet;
import java.util.Set;

/**
 * What one data-plane event loop owns: its backend connection pools, its forwarder, its WebSocket
 * tunnels, the client connections it accepted and their timeouts. A request, its backend connections and its
 * tunnel all stay on one loop, so none of this needs a lock. Confined to {@link #executor}, but for
 * the final fields.
 */
final class Loop {
  final EventLoop executor;
  final Pools pools;
  final Forwarder forwarder;
  final Tunnels tunnels;
  final Deadlines deadlines;
  /** The client-side timeouts of this loop's connections. */
  final ClientSweep clients;
  private final ExchangeObserver observer;
  /** Client connections open on this loop (HTTP/1.x connections and HTTP/2 connections, not streams). */
  final Set<Channel> accepted = new HashSet<>();

  Loop(EventLoop executor, Pools pools, java.util.function.Function<Loop, Forwarder> forwarder, ExchangeObserver observer,
      ClientTimeouts clientTimeouts) {
    this.executor = executor;
    this.pools = pools;
    this.observer = observer;
    this.tunnels = new Tunnels(executor);
    this.deadlines = new Deadlines(executor);
    this.clients = new ClientSweep(executor, clientTimeouts, observer);
    this.forwarder = forwarder.apply(this);
  }

  ExchangeObserver observer() {
    return observer;
  }

  /** A client connection was accepted on this loop. */
  void accepted(Channel ch) {
    accepted.add(ch);
    ch.closeFuture().addListener(f -> accepted.remove(ch));
  }
}
