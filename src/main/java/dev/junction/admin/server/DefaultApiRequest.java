package dev.junction.admin.server;

import static java.util.Objects.requireNonNull;

import dev.junction.admin.ApiException;
import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiParameter;
import dev.junction.admin.ApiRequest;
import dev.junction.admin.Principal;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An {@link ApiRequest} whose parameters were validated against the operation when it was built. */
final class DefaultApiRequest implements ApiRequest {
  private final ApiOperation operation;
  private final String path;
  private final Map<String, Object> params;
  private final @Nullable Record body;
  private final Principal principal;

  private DefaultApiRequest(ApiOperation operation, String path, Map<String, Object> params, @Nullable Record body,
      Principal principal) {
    this.operation = operation;
    this.path = path;
    this.params = params;
    this.body = body;
    this.principal = principal;
  }

  /**
   * Reads and validates every declared parameter and the body.
   *
   * @throws ApiException 400 naming the first parameter or field at fault
   */
  static DefaultApiRequest from(ApiOperation op, RoutingContext ctx, Principal principal) {
    Map<String, Object> params = new HashMap<>();
    for (ApiParameter p : op.parameters()) {
      String raw;
      if (p.in() == ApiParameter.In.PATH) {
        raw = ctx.pathParam(p.name());
      } else {
        List<String> values = ctx.queryParam(p.name());
        if (values.size() > 1) {
          throw ApiException.badRequest(p.name() + ": given " + values.size() + " times (expected: once)");
        }
        raw = values.isEmpty() ? p.defaultValue() : values.get(0);
      }
      if (raw == null) {
        if (p.required()) {
          throw ApiException.badRequest(p.name() + ": missing (expected: a " + p.type().jsonType() + " "
              + p.in().toString().toLowerCase(Locale.ROOT) + " parameter)");
        }
        continue;
      }
      try {
        params.put(p.name(), p.convert(raw));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }
    Record body = op.requestBody() == null ? null : RequestBodies.parse(op.requestBody(), ctx.body().buffer());
    return new DefaultApiRequest(op, ctx.request().path(), params, body, principal);
  }

  @Override
  public ApiOperation operation() {
    return operation;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String pathParam(String name) {
    declared(name, ApiParameter.In.PATH, ApiParameter.ParamType.STRING);
    return (String) requireNonNull(params.get(name), name);
  }

  @Override
  public @Nullable String query(String name) {
    declared(name, ApiParameter.In.QUERY, ApiParameter.ParamType.STRING);
    return (String) params.get(name);
  }

  @Override
  public @Nullable Long queryLong(String name) {
    declared(name, ApiParameter.In.QUERY, ApiParameter.ParamType.INTEGER);
    return (Long) params.get(name);
  }

  @Override
  public <T extends Record> T body(Class<T> type) {
    if (body == null || operation.requestBody() != type) {
      throw new IllegalArgumentException("operation " + operation + ": body(" + type.getSimpleName() + ") (expected: "
          + (operation.requestBody() == null ? "no body declared" : operation.requestBody().getSimpleName()) + ")");
    }
    return type.cast(body);
  }

  @Override
  public Principal principal() {
    return principal;
  }

  private void declared(String name, ApiParameter.In in, ApiParameter.ParamType type) {
    for (ApiParameter p : operation.parameters()) {
      if (p.name().equals(name) && p.in() == in && p.type() == type) {
        return;
      }
    }
    throw new IllegalArgumentException("operation " + operation + ": " + in.toString().toLowerCase(Locale.ROOT)
        + " parameter '" + name + "' of type " + type + " undeclared (expected: declared with .parameter(...))");
  }
}
