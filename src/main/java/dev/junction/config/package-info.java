/**
 * Junction's configuration: immutable records and the loader that builds them.
 *
 * <p>Start at {@link dev.junction.config.JunctionConfig} (the whole configuration) and
 * {@link dev.junction.config.ConfigLoader} (YAML in either format to records). Every problem found
 * while loading is a {@link dev.junction.config.ConfigException} naming file, line, column and key.
 *
 * <p>{@code ConfigKeys} is the catalogue of every key of both formats: the readers take their
 * allowed keys from it, and {@code ConfigSchema} ({@code docs/junction.schema.json}) and
 * {@code ConfigReference} (the tables of {@code docs/configuration.md}) are generated from it.
 */
@NullMarked
package dev.junction.config;

import org.jspecify.annotations.NullMarked;
