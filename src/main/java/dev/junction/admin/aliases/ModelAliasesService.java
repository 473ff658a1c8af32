package dev.junction.admin.aliases;

import io.vertx.core.Future;
import java.util.List;

/**
 * The model aliases API's contract. Non-blocking: called on the event loop. Failures with an HTTP
 * meaning are {@link dev.junction.admin.ApiException}s, as documented per method.
 */
public interface ModelAliasesService {

  /** Every model alias, the configuration's first, then the runtime ones by name. */
  Future<List<ModelAliasInfo>> list();

  /**
   * Adds a runtime model alias and persists it. Fails with {@code ApiException.conflict} when the
   * name is taken, is declared in the configuration, is a model a backend lists, or would chain or
   * cycle; with {@code ApiException.badRequest} for an unknown backend.
   */
  Future<ModelAliasInfo> add(NewModelAlias alias);

  /**
   * Removes a runtime model alias. Fails with {@code ApiException.notFound} when there is none, and
   * with {@code ApiException.conflict} when the configuration declares it.
   */
  Future<Void> remove(String name);
}
