package dev.junction.admin.config;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Removes secrets from values the admin API shows. In a URI, the password of the user info (or the
 * whole user info when it has no {@code :}, as in {@code redis://secret@host}) and the value of any
 * query parameter whose name contains {@code pass}, {@code token}, {@code secret} or {@code key}
 * become {@value #MASK}.
 */
public final class Redaction {
  public static final String MASK = "***";
  private static final Pattern SECRET_PARAM = Pattern.compile(".*(pass|token|secret|key).*");

  private Redaction() {}

  public static String uri(URI uri) {
    String userInfo = uri.getRawUserInfo();
    String query = uri.getRawQuery();
    if (userInfo == null && query == null) {
      return uri.toString();
    }
    StringBuilder sb = new StringBuilder();
    if (uri.getScheme() != null) {
      sb.append(uri.getScheme()).append(':');
    }
    if (uri.getRawAuthority() != null) {
      sb.append("//");
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        sb.append(colon >= 0 ? userInfo.substring(0, colon + 1) + MASK : MASK).append('@');
      }
      String host = uri.getHost() != null ? uri.getHost() : "";
      sb.append(host);
      if (uri.getPort() != -1) {
        sb.append(':').append(uri.getPort());
      }
    }
    if (uri.getRawPath() != null) {
      sb.append(uri.getRawPath());
    }
    if (query != null) {
      sb.append('?').append(query(query));
    }
    if (uri.getRawFragment() != null) {
      sb.append('#').append(uri.getRawFragment());
    }
    return sb.toString();
  }

  private static String query(String raw) {
    StringBuilder sb = new StringBuilder();
    for (String pair : raw.split("&", -1)) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      int eq = pair.indexOf('=');
      String name = eq >= 0 ? pair.substring(0, eq) : pair;
      if (eq >= 0 && SECRET_PARAM.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
        sb.append(name).append('=').append(MASK);
      } else {
        sb.append(pair);
      }
    }
    return sb.toString();
  }
}
