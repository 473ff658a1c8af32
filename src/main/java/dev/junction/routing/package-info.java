/**
 * Deciding where a request goes, without sockets.
 *
 * <p>Start at {@link dev.junction.routing.Router} (the contract), {@link
 * dev.junction.routing.RoutingRequest} (what routing may read) and {@link
 * dev.junction.routing.RoutingDecision} (what it says to do). Nothing here imports Vert.x
 * networking: every decision is unit-tested as a plain function.
 *
 * <p>{@link dev.junction.routing.RuleRouter} is the implementation built from a configuration:
 * rules in order, then discovery with a cache key; its {@code lint} finds rules that can never
 * match. {@link dev.junction.routing.PathPattern} compiles rule paths (exact or {@code {name}}
 * templates). {@link dev.junction.routing.Balancer} picks the first backend of a rule with a
 * {@code balance} (round robin, least in flight) and orders the others for failover. Payload
 * matching, fingerprints and globs are package-private helpers. {@link
 * dev.junction.routing.PayloadParser} reads a request body into the {@link
 * dev.junction.routing.Payload} rules see (only the parts they read), and {@link
 * dev.junction.routing.CacheKey} is what a discovery outcome is remembered under.
 */
@NullMarked
package dev.junction.routing;

import org.jspecify.annotations.NullMarked;
