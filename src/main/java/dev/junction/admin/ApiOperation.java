package dev.junction.admin;

import static java.util.Objects.requireNonNull;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One admin operation, declared once and used twice: the admin server mounts it and the OpenAPI
 * generator describes it. Immutable; build one with {@link #get}, {@link #post}, {@link #delete}
 * or {@link #builder}. The constructor enforces the contract and names the operation at fault.
 *
 * @param method the HTTP method
 * @param path OpenAPI-style path, e.g. {@code /cache/{key}}
 * @param operationId unique, lower camel case, e.g. {@code getCacheEntry}
 * @param summary one line for the docs
 * @param description longer explanation (may be empty)
 * @param tags the API(s) it belongs to; each must be declared with {@link ApiRegistry#tag}
 * @param deprecated whether clients should stop using it
 * @param parameters path parameters (exactly those in {@code path}) and query parameters
 * @param requestBody the JSON body record for POST, PUT and PATCH; {@code null} for none
 * @param responses the success response first, then any other non-error responses (e.g. 503);
 *     400, 401, 404, 409 and 500 problem responses are added to every operation
 * @param mutating whether it changes state, and so needs the admin token even on loopback
 * @param handler what it does
 */
public record ApiOperation(
    HttpMethod method,
    String path,
    String operationId,
    String summary,
    String description,
    List<String> tags,
    boolean deprecated,
    List<ApiParameter> parameters,
    @Nullable Class<? extends Record> requestBody,
    List<ResponseSpec> responses,
    boolean mutating,
    ApiHandler handler) {

  /** Statuses every operation answers with a problem body; not declared per operation. */
  public static final Set<Integer> STANDARD_ERRORS = Set.of(400, 401, 404, 409, 500);

  private static final Pattern TEMPLATE = Pattern.compile("\\{([^/{}]*)}");
  private static final Pattern OPERATION_ID = Pattern.compile("[a-z][A-Za-z0-9]*");
  private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

  public ApiOperation {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(operationId, "operationId");
    requireNonNull(summary, "summary");
    requireNonNull(description, "description");
    tags = List.copyOf(tags);
    parameters = List.copyOf(parameters);
    responses = List.copyOf(responses);
    requireNonNull(handler, "handler");
    String at = method + " " + path + ": ";
    if (!OPERATION_ID.matcher(operationId).matches()) {
      throw new IllegalArgumentException(at + "operationId: '" + operationId + "' (expected: lower camel case)");
    }
    at = "operation " + operationId + " (" + method + " " + path + "): ";
    checkPath(at, path, parameters);
    if (summary.isBlank()) {
      throw new IllegalArgumentException(at + "summary: blank (expected: one line for the docs)");
    }
    if (tags.isEmpty()) {
      throw new IllegalArgumentException(at + "tags: empty (expected: the API it belongs to)");
    }
    if (requestBody != null && !BODY_METHODS.contains(method)) {
      throw new IllegalArgumentException(at + "requestBody: " + requestBody.getSimpleName() + " on " + method
          + " (expected: POST, PUT or PATCH)");
    }
    checkResponses(at, responses);
  }

  private static void checkPath(String at, String path, List<ApiParameter> parameters) {
    if (!path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
      throw new IllegalArgumentException(at + "path: '" + path + "' (expected: starts with /, no trailing /)");
    }
    Set<String> inPath = new LinkedHashSet<>();
    Matcher m = TEMPLATE.matcher(path);
    while (m.find()) {
      if (!inPath.add(m.group(1))) {
        throw new IllegalArgumentException(at + "path: {" + m.group(1) + "} twice (expected: unique names)");
      }
    }
    Set<String> declaredPath = new LinkedHashSet<>();
    Set<String> seen = new HashSet<>();
    for (ApiParameter p : parameters) {
      if (!seen.add(p.in() + " " + p.name())) {
        throw new IllegalArgumentException(at + "parameter '" + p.name() + "' declared twice (expected: once)");
      }
      if (p.in() == ApiParameter.In.PATH) {
        declaredPath.add(p.name());
      }
    }
    if (!inPath.equals(declaredPath)) {
      throw new IllegalArgumentException(at + "path parameters: declared " + declaredPath + " (expected: " + inPath
          + ", the {names} in the path)");
    }
  }

  private static void checkResponses(String at, List<ResponseSpec> responses) {
    if (responses.isEmpty()) {
      throw new IllegalArgumentException(at + "responses: empty (expected: the success response first)");
    }
    int success = responses.get(0).status();
    if (success < 200 || success > 299) {
      throw new IllegalArgumentException(at + "responses: first is " + success + " (expected: the 2xx success response)");
    }
    Set<Integer> statuses = new HashSet<>();
    for (ResponseSpec r : responses) {
      if (!statuses.add(r.status())) {
        throw new IllegalArgumentException(at + "responses: " + r.status() + " twice (expected: once)");
      }
      if (STANDARD_ERRORS.contains(r.status())) {
        throw new IllegalArgumentException(at + "responses: " + r.status()
            + " declared (expected: not declared, every operation has the standard problem responses)");
      }
    }
  }

  /** The success response: the first declared. */
  public ResponseSpec success() {
    return responses.get(0);
  }

  /** The declared response for {@code status}, or {@code null}. */
  public @Nullable ResponseSpec response(int status) {
    for (ResponseSpec r : responses) {
      if (r.status() == status) {
        return r;
      }
    }
    return null;
  }

  /** The path in vertx-web syntax: {@code {key}} becomes {@code :key}. */
  public String vertxPath() {
    return TEMPLATE.matcher(path).replaceAll(":$1");
  }

  /** The same operation with another handler, e.g. a decorator that counts calls. */
  public ApiOperation withHandler(ApiHandler h) {
    return new ApiOperation(method, path, operationId, summary, description, tags, deprecated, parameters,
        requestBody, responses, mutating, h);
  }

  @Override
  public String toString() {
    return operationId + " (" + method + " " + path + ")";
  }

  public static Builder builder(HttpMethod method, String path) {
    return new Builder(method, path);
  }

  public static Builder get(String path) {
    return builder(HttpMethod.GET, path);
  }

  public static Builder post(String path) {
    return builder(HttpMethod.POST, path);
  }

  public static Builder delete(String path) {
    return builder(HttpMethod.DELETE, path);
  }

  /**
   * Collects an operation's parts. {@code mutating} defaults to true for every method but GET,
   * HEAD and OPTIONS. Not thread-safe; {@link #build()} validates.
   */
  public static final class Builder {
    private final HttpMethod method;
    private final String path;
    private String operationId = "";
    private String summary = "";
    private String description = "";
    private final List<String> tags = new ArrayList<>();
    private boolean deprecated;
    private final List<ApiParameter> parameters = new ArrayList<>();
    private @Nullable Class<? extends Record> requestBody;
    private final List<ResponseSpec> responses = new ArrayList<>();
    private boolean mutating;
    private @Nullable ApiHandler handler;

    private Builder(HttpMethod method, String path) {
      this.method = requireNonNull(method, "method");
      this.path = requireNonNull(path, "path");
      this.mutating = !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
    }

    public Builder operationId(String id) {
      this.operationId = id;
      return this;
    }

    public Builder summary(String s) {
      this.summary = s;
      return this;
    }

    public Builder description(String d) {
      this.description = d;
      return this;
    }

    public Builder tag(String t) {
      this.tags.add(t);
      return this;
    }

    public Builder deprecated(boolean d) {
      this.deprecated = d;
      return this;
    }

    public Builder parameter(ApiParameter p) {
      this.parameters.add(p);
      return this;
    }

    public Builder requestBody(Class<? extends Record> type) {
      this.requestBody = type;
      return this;
    }

    /** The success response; call it first. */
    public Builder response(int status, String description, TypeRef body) {
      this.responses.add(new ResponseSpec(status, description, body));
      return this;
    }

    /** Overrides whether the operation needs the admin token on a loopback listener. */
    public Builder mutating(boolean m) {
      this.mutating = m;
      return this;
    }

    public Builder handler(ApiHandler h) {
      this.handler = h;
      return this;
    }

    public ApiOperation build() {
      if (handler == null) {
        throw new IllegalArgumentException("operation " + operationId + " (" + method + " " + path
            + "): handler: missing (expected: a handler)");
      }
      return new ApiOperation(method, path, operationId, summary, description, tags, deprecated, parameters,
          requestBody, responses, mutating, handler);
    }
  }
}
