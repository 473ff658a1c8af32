/**
 * Junction's configuration: immutable records and the loader that builds them.
 *
 * <p>Start at {@link dev.junction.config.JunctionConfig} (the whole configuration) and
 * {@link dev.junction.config.ConfigLoader} (YAML in either format to records). Every problem found
 * while loading is a {@link dev.junction.config.ConfigException} naming file, line, column and key.
 */
@NullMarked
package dev.junction.config;

import org.jspecify.annotations.NullMarked;
