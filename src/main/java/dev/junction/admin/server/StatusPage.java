package dev.junction.admin.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /status} on the admin listener: one self-contained page (inline CSS and script, no
 * external URL, no framework) that reads the admin JSON APIs every 3 seconds and shows health,
 * cache hit rate, backends, routes and recent requests ({@code GET /requests/recent}, shown as "not
 * available" when that API answers 404).
 *
 * <p>The page itself holds no data, so it is served without the admin token even on a listener
 * that is not loopback; the data it fetches is guarded as usual. When an API answers 401 the page
 * asks for the token and keeps it in {@code sessionStorage}: it lives only as long as the browser
 * tab, is never written to disk like {@code localStorage} or sent by the browser on its own like a
 * cookie (so no cross-site request can use it), and never appears in a URL, where it would land in
 * history and logs. It is sent only as {@code Authorization: Bearer} on the page's own fetches.
 *
 * <p>A Content-Security-Policy allows only this script and style (by hash) and fetches to the same
 * origin. Stateless: the handler may be shared by every event loop and never blocks.
 */
final class StatusPage {
  static final String PATH = "/status";

  static final String STYLE = """
      :root { font-family: system-ui, sans-serif; color: #1d2329; background: #f5f6f8; }
      body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 3rem; }
      header { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem; }
      h1 { font-size: 1.4rem; margin: .5rem 0; }
      h2 { font-size: 1.05rem; margin: 1.6rem 0 .5rem; }
      .pill { border-radius: 1rem; padding: .15rem .7rem; font-weight: 600; background: #d9dde2; }
      .up { background: #cdeccf; color: #14501b; }
      .down, .ejected { background: #f6d1cf; color: #7a1510; }
      .degraded, .unknown { background: #fbe8bd; color: #6b4a00; }
      #updated, .muted { color: #68717a; font-size: .9rem; }
      table { border-collapse: collapse; width: 100%; background: #fff; font-size: .92rem; }
      th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
      th { background: #eceff2; font-weight: 600; }
      td.state { font-weight: 600; }
      .figures { display: flex; flex-wrap: wrap; gap: 1rem; }
      .figure { background: #fff; padding: .6rem 1rem; border-radius: .4rem; min-width: 9rem; }
      .figure b { display: block; font-size: 1.5rem; }
      .error { color: #7a1510; }
      form { display: flex; gap: .5rem; align-items: center; }
      [hidden] { display: none !important; }
      """;

  static final String SCRIPT = """
      'use strict';
      const $ = id => document.getElementById(id);
      const KEY = 'junction-admin-token';
      let token = sessionStorage.getItem(KEY) || '';
      $('auth').hidden = !token;
      $('auth').addEventListener('submit', e => {
        e.preventDefault();
        token = $('token').value.trim();
        sessionStorage.setItem(KEY, token);
        refresh();
      });
      async function api(path) {
        const r = await fetch(path, {headers: token ? {Authorization: 'Bearer ' + token} : {}, cache: 'no-store'});
        if (r.status === 401) {
          $('auth').hidden = false;
          throw new Error('needs the admin token');
        }
        if (r.status === 404) return null;
        if (!r.ok && r.status !== 503) throw new Error('HTTP ' + r.status);
        return r.json();
      }
      function cell(tr, text, cls) {
        const td = document.createElement('td');
        td.textContent = text == null ? '' : String(text);
        if (cls) td.className = cls;
        tr.appendChild(td);
        return td;
      }
      function fill(id, rows, render) {
        const table = $(id);
        const body = table.tBodies[0];
        body.replaceChildren();
        for (const row of rows) {
          const tr = document.createElement('tr');
          render(tr, row);
          body.appendChild(tr);
        }
        if (!rows.length) {
          const tr = document.createElement('tr');
          cell(tr, 'none', 'muted').colSpan = table.tHead.rows[0].cells.length;
          body.appendChild(tr);
        }
      }
      function figure(parent, value, label) {
        const div = document.createElement('div');
        div.className = 'figure';
        const b = document.createElement('b');
        b.textContent = value;
        div.append(b, label);
        parent.appendChild(div);
      }
      function time(iso) {
        return iso ? new Date(iso).toLocaleTimeString() : '';
      }
      const panels = {
        async health() {
          const h = await api('/health');
          const s = (h && h.status || 'unknown').toLowerCase();
          $('health').textContent = s;
          $('health').className = 'pill ' + s;
          $('checks').textContent = (h && h.checks || [])
              .filter(c => c.status !== 'up').map(c => c.name + ': ' + (c.detail || c.status)).join(' · ');
        },
        async cache() {
          const c = await api('/cache?limit=1');
          const box = $('cache');
          box.replaceChildren();
          const s = c && c.stats;
          figure(box, s ? (s.hitRate == null ? '-' : (s.hitRate * 100).toFixed(1) + '%') : 'n/a', 'hit rate');
          if (s) {
            figure(box, s.hits, 'hits');
            figure(box, s.misses, 'misses');
            figure(box, s.entries, 'decisions in memory');
          }
          if (c && c.store) figure(box, c.store.kind + (c.store.up ? ' up' : ' down'), c.store.up ? 'store' : c.store.detail);
        },
        async backends() {
          fill('backends', await api('/backends') || [], (tr, b) => {
            const state = b.health.state.toLowerCase();
            cell(tr, b.name);
            const cooling = b.health.cooling;
            cell(tr, state + (cooling ? ', busy (' + cooling.status + ') until ' + time(cooling.until) : ''),
                'state ' + (cooling && state === 'up' ? 'degraded' : state));
            cell(tr, b.health.consecutiveFailures);
            const c = b.health.lastCheck;
            cell(tr, c ? (c.passed ? 'passed ' : 'failed ') + time(c.at) + (c.passed ? '' : ': ' + c.detail) : '-');
            cell(tr, b.health.detail || '');
            cell(tr, b.url, 'muted');
          });
        },
        async routes() {
          fill('routes', await api('/routes') || [], (tr, r) => {
            cell(tr, r.id);
            cell(tr, (r.methods.length ? r.methods.join(',') : 'any') + ' ' + r.path);
            cell(tr, (r.conditions || []).join(' and '));
            cell(tr, r.payload.join(' | '));
            cell(tr, r.backends.join(' → '));
            cell(tr, r.origin, 'muted');
          });
        },
        async recent() {
          const r = await api('/requests/recent');
          $('recent-missing').hidden = r !== null;
          $('recent').hidden = r === null;
          if (r === null) return;
          fill('recent', r.requests.slice(0, 50), (tr, q) => {
            cell(tr, time(q.at));
            cell(tr, q.method + ' ' + q.path + (q.alias ? ' (as ' + q.alias + ')' : ''));
            cell(tr, q.source + (q.rule ? ' ' + q.rule : ''));
            cell(tr, q.backend || '-');
            cell(tr, q.status, q.status >= 500 ? 'state down' : q.status >= 400 ? 'state degraded' : 'state');
            cell(tr, q.durationMs + ' ms');
          });
        }
      };
      async function refresh() {
        await Promise.all(Object.entries(panels).map(async ([name, load]) => {
          const error = $(name + '-error');
          try {
            await load();
            error.textContent = '';
          } catch (e) {
            error.textContent = 'could not load: ' + e.message;
          }
        }));
        $('updated').textContent = 'updated ' + new Date().toLocaleTimeString() + ', every 3 s';
      }
      function loop() {
        refresh().finally(() => setTimeout(loop, 3000));
      }
      loop();
      """;

  static final String HTML = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Junction status</title>
      <style>%s</style>
      </head>
      <body>
      <header>
        <h1>Junction</h1>
        <span id="health" class="pill">loading</span>
        <span id="checks" class="muted"></span>
        <span id="updated"></span>
        <form id="auth" hidden>
          <label>Admin token <input id="token" type="password" autocomplete="off"></label>
          <button>Use</button>
          <span class="muted">kept in this tab only</span>
        </form>
      </header>
      <p id="health-error" class="error"></p>
      <h2>Decision cache</h2>
      <div id="cache" class="figures"></div>
      <p id="cache-error" class="error"></p>
      <h2>Backends</h2>
      <table id="backends"><thead><tr><th>backend</th><th>health</th><th>failures in a row</th><th>last check</th>
      <th>last failure</th><th>url</th></tr></thead><tbody></tbody></table>
      <p id="backends-error" class="error"></p>
      <h2>Routes</h2>
      <table id="routes"><thead><tr><th>id</th><th>request</th><th>host, headers, query</th><th>payload</th><th>backends</th><th>declared at</th></tr>
      </thead><tbody></tbody></table>
      <p id="routes-error" class="error"></p>
      <h2>Recent requests</h2>
      <p id="recent-missing" class="muted" hidden>not available: this Junction has no GET /requests/recent</p>
      <table id="recent"><thead><tr><th>at</th><th>request</th><th>decided by</th><th>backend</th><th>status</th>
      <th>duration</th></tr></thead><tbody></tbody></table>
      <p id="recent-error" class="error"></p>
      <script>%s</script>
      </body>
      </html>
      """;

  static final String CSP = "default-src 'none'; connect-src 'self'; script-src '" + sha256(SCRIPT) + "'; style-src '"
      + sha256(STYLE) + "'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final Buffer PAGE = Buffer.buffer(String.format(HTML, STYLE, SCRIPT), "UTF-8");

  private StatusPage() {}

  /**
   * Mounts {@code GET /status}; call before the token guard, since the page holds no data. Records
   * its methods in {@code allowed}.
   */
  static void mount(Router router, Map<String, Set<HttpMethod>> allowed) {
    router.get(PATH).handler(StatusPage::serve);
    allowed.put(PATH, Set.of(HttpMethod.GET));
  }

  private static void serve(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(PAGE);
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256: not available (expected: every JDK has it)", e);
    }
  }
}
