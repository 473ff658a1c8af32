/**
 * Junction: one HTTP endpoint in front of many backends.
 *
 * <p>Start at {@link dev.junction.Junction}, the embedding API; the CLI in {@code dev.junction.cli}
 * is a thin layer over it. The request pipeline is assembled in {@code Junction.startAsync}:
 * canonical path, aliases, rules, decision cache, discovery, forwarder.
 */
@NullMarked
package dev.junction;

import org.jspecify.annotations.NullMarked;
