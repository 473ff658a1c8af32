/**
 * The data plane's merged model list: one OpenAI-style {@code GET /models} answered from several
 * backends' lists. Start at {@link dev.junction.models.ModelsEndpoint}.
 */
@NullMarked
package dev.junction.models;

import org.jspecify.annotations.NullMarked;
