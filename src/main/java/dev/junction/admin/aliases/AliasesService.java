package dev.junction.admin.aliases;

import io.vertx.core.Future;
import java.util.List;

/**
 * The aliases API's contract. Non-blocking: called on the event loop. Failures with an HTTP meaning
 * are {@link dev.junction.admin.ApiException}s, as documented per method.
 */
public interface AliasesService {

  /** Every alias, configured and runtime, sorted by alias path. */
  Future<List<AliasInfo>> list();

  /**
   * Adds a runtime alias and persists it. Fails with {@code ApiException.conflict} (the conflict in
   * the detail) when the alias is taken, is itself a primary path, or would create a cycle; with
   * {@code ApiException.badRequest} when it is malformed beyond what {@link NewAlias} checks.
   */
  Future<AliasInfo> add(NewAlias alias);

  /**
   * Removes a runtime alias. Fails with {@code ApiException.notFound} when there is no such alias,
   * and with {@code ApiException.conflict} when it is declared in the configuration file.
   */
  Future<Void> remove(String alias);
}
