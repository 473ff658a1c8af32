package dev.junction.admin.server;

import dev.junction.admin.ApiException;
import dev.junction.admin.Principal;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The admin token check. Changes always need {@code Authorization: Bearer <token>}; on a listener
 * that is not loopback, everything does. Without a configured token, changes are refused outright.
 * The token is compared in constant time. Stateless after construction; safe on any event loop.
 */
final class BearerAuth {
  static final String NO_TOKEN_DETAIL = "No admin token is configured, so changes are refused. Set admin.token in the "
      + "configuration file or the JUNCTION_ADMIN_TOKEN environment variable, restart, and send "
      + "'Authorization: Bearer <token>'.";

  private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

  private final byte @Nullable [] token;
  private final boolean everything;

  /**
   * @param token the admin token, {@code null} when none is configured
   * @param everything whether reads need it too (listener not loopback)
   */
  BearerAuth(@Nullable String token, boolean everything) {
    if (everything && token == null) {
      throw new IllegalArgumentException("token: missing (expected: a token when every request needs one)");
    }
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.everything = everything;
  }

  /** Runs before routing: on a non-loopback listener, nothing is answered without the token. */
  void guardAll(RoutingContext ctx) {
    if (everything) {
      check(ctx);
    } else {
      ctx.next();
    }
  }

  /** Runs before a mutating operation. */
  void guardChange(RoutingContext ctx) {
    if (token == null) {
      AdminFailures.send(ctx, unauthorized(NO_TOKEN_DETAIL), Map.of(WWW_AUTHENTICATE, challenge(null)));
      return;
    }
    check(ctx);
  }

  Principal principal(HttpServerRequest request) {
    return valid(request) ? Principal.ADMIN : Principal.ANONYMOUS;
  }

  private void check(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    if (presented(req) == null) {
      AdminFailures.send(ctx, unauthorized("This request needs the admin token (expected: 'Authorization: Bearer <token>')."),
          Map.of(WWW_AUTHENTICATE, challenge(null)));
    } else if (!valid(req)) {
      AdminFailures.send(ctx, unauthorized("The admin token is wrong (expected: the configured admin token)."),
          Map.of(WWW_AUTHENTICATE, challenge("invalid_token")));
    } else {
      ctx.next();
    }
  }

  private boolean valid(HttpServerRequest req) {
    String p = presented(req);
    return token != null && p != null && MessageDigest.isEqual(token, p.getBytes(StandardCharsets.UTF_8));
  }

  /** The bearer credentials sent, or {@code null} when there is no {@code Authorization: Bearer} header. */
  private static @Nullable String presented(HttpServerRequest req) {
    String h = req.getHeader(HttpHeaders.AUTHORIZATION);
    if (h == null || h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return h.substring(7).trim();
  }

  private static ApiException unauthorized(String detail) {
    return new ApiException(401, "unauthorized", "Unauthorized", detail);
  }

  private static String challenge(@Nullable String error) {
    return error == null ? "Bearer realm=\"junction-admin\"" : "Bearer realm=\"junction-admin\", error=\"" + error + "\"";
  }
}
