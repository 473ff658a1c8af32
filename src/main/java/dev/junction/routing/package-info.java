/**
 * Deciding where a request goes, without sockets.
 *
 * <p>Start at {@link dev.junction.routing.Router} (the contract), {@link
 * dev.junction.routing.RoutingRequest} (what routing may read) and {@link
 * dev.junction.routing.RoutingDecision} (what it says to do). Nothing here imports Vert.x
 * networking: every decision is unit-tested as a plain function.
 */
@NullMarked
package dev.junction.routing;

import org.jspecify.annotations.NullMarked;
