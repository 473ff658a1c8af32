/**
 * The data plane, on Netty: the listener clients talk to and the forwarder that carries routing
 * decisions out.
 *
 * <p>Start at {@link dev.junction.proxy.ProxyServer} (event loops, listener, per-loop {@link
 * dev.junction.proxy.Loop} state), {@link dev.junction.proxy.ClientConnection} (one HTTP/1.x
 * connection or HTTP/2 stream, exchanges in order), {@link dev.junction.proxy.Intake} (refusals,
 * canonical path, aliases, local endpoints, routing, reading the payload when needed) and {@link
 * dev.junction.proxy.Forwarder}: it turns a routing decision into a {@link
 * dev.junction.proxy.ForwardPlan}, which a {@link dev.junction.proxy.Forwarding} carries out one
 * {@link dev.junction.proxy.Attempt} at a time (connections from the per-loop {@link
 * dev.junction.proxy.Pools}), asking the pure {@link dev.junction.proxy.MoveOnPolicy} after each
 * whether to accept, try the next candidate or give up; then the {@link dev.junction.proxy.Relay}
 * streams the answer back. Each finished try is an {@link dev.junction.proxy.AttemptResult}. HTTP/1.1
 * is Junction's own strict codec ({@link dev.junction.http1.Http1Decoder}, {@link
 * dev.junction.http1.Http1Encoder}, {@link dev.junction.http1.ArrayHeaders}); HTTP/2 and TLS are
 * Netty's ({@link dev.junction.proxy.ServerPipelines}, {@link dev.junction.proxy.H2Pool}, {@link
 * dev.junction.proxy.Protocols}). {@link dev.junction.proxy.Hop} holds the header rules, {@link
 * dev.junction.proxy.ProblemAnswers} every error body. WebSocket handshakes are routed like any request
 * and then tunnelled by {@link dev.junction.proxy.WebSocketTunnel}; {@link
 * dev.junction.proxy.Tunnels} tracks the open ones for shutdown. Every request is reported once,
 * when it is over, to an {@link dev.junction.proxy.ExchangeObserver} as a {@link
 * dev.junction.proxy.CompletedExchange} (metrics, access log: {@code dev.junction.observe}). {@link
 * dev.junction.health.BackendStates} is what every event loop has seen of each backend (ejection)
 * and its {@link dev.junction.health.InFlight} counts, which load balancing reads. Timeouts are
 * sweeps per loop: {@link dev.junction.proxy.Deadlines} for backends and discovery, {@link
 * dev.junction.proxy.ClientSweep} for slow, stalled or idle clients.
 */
@NullMarked
package dev.junction.proxy;

import org.jspecify.annotations.NullMarked;
