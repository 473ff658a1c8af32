/**
 * The data plane: the listener clients talk to and the forwarder that carries routing decisions out.
 *
 * <p>Start at {@link dev.junction.proxy.ProxyServer} (accepts a request, canonicalizes, resolves aliases,
 * asks the router) and {@link dev.junction.proxy.Forwarder} (opens backend requests, replays or streams
 * the body, decides accept or try next, streams the answer back). {@link dev.junction.proxy.Hop} holds the
 * header rules, {@link dev.junction.proxy.Problems} every error body. WebSocket handshakes are routed like
 * any request and then tunnelled by {@link dev.junction.proxy.WebSocketTunnel}; {@link dev.junction.proxy.Tunnels}
 * tracks the open ones for shutdown. Every request is reported once, when
 * it is over, to an {@link dev.junction.proxy.ExchangeObserver} as a {@link dev.junction.proxy.CompletedExchange}
 * (metrics, access log: {@code dev.junction.observe}).
 * {@link dev.junction.proxy.BackendStates}
 * is what every event loop has seen of each backend (ejection) and its {@link dev.junction.proxy.InFlight}
 * counts, which load balancing reads.
 */
@NullMarked
package dev.junction.proxy;

import org.jspecify.annotations.NullMarked;
