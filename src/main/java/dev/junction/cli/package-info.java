/**
 * The {@code junction} command line: {@code serve}, {@code demo}, {@code config check}, {@code cache
 * clean} and {@code cache list}. Start at {@link dev.junction.cli.Main}. Commands are thin: they parse
 * options, call the embedding API in {@link dev.junction.Junction} or a store, and map errors to exit
 * codes (0 ok, 1 runtime failure, 2 invalid configuration or usage).
 */
@NullMarked
package dev.junction.cli;

import org.jspecify.annotations.NullMarked;
