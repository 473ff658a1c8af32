#!/usr/bin/env bash
# Installs Junction the two ways docs/install.md describes and takes it away again; .ci/run calls it
# after ./test. Needs root (it installs a package; as another user it goes through sudo).
#
#  1. The tarball, unpacked under a path with a space: bin/junction --version, config check on
#     conf/junction.yaml, one request proxied by bin/junction serve (also through a symlink), the same
#     exit code and output as java -jar, and clear failures with no Java and a Java 11.
#  2. The Debian package (packaging/build-deb.sh): apt-get install, junction --version and config
#     check of /etc/junction/junction.yaml, the unit checked by systemd-analyze verify, one request
#     proxied by /usr/bin/junction serve as the junction user (twice: the second start maps the
#     class-data archive the first one wrote), then apt-get purge, after which nothing is left.
#
# The backend is python3 -m http.server on a free port; Junction's listeners take free ports too.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-test: needs root or sudo" >&2; exit 1; }
  exec sudo "$0" "$@"
fi

say() { echo "install-test: $*"; }
fail() {
  echo "install-test: FAILED: $*" >&2
  exit 1
}

version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' pom.xml | head -n 1)
deb_version=${version//-/\~}
tarball=target/junction-$version.tar.gz
if dpkg-query -W -f='${Status}' junction 2>/dev/null | grep -q 'ok installed'; then
  fail "a junction package is installed already; this test installs and purges its own"
fi

need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if ((${#need[@]})); then
  say "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
[[ -f $tarball ]] || ./mvnw -B -q package -DskipTests

work=$(mktemp -d "/tmp/junction install-test.XXXXXX")
chmod 0755 "$work"
pids=()
installed=
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n $installed ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq junction >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The backend: one file, whose body every proxied request must bring back.
mkdir "$work/backend"
body="hello through junction $$"
echo "$body" >"$work/backend/hello.txt"
backend_port=$(free_port)
python3 -m http.server --bind 127.0.0.1 --directory "$work/backend" "$backend_port" >"$work/backend.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$backend_port/hello.txt" && break; sleep 0.1; done
backend=http://127.0.0.1:$backend_port

# serve_once LABEL CONFIG COMMAND...: runs COMMAND serve --config CONFIG on free ports with the backend as its
# only discovery candidate, checks that a request through it brings back the backend's body, stops it
# with SIGTERM and checks it ended with exit 0 and printed nothing on stdout (logs go to stderr).
serve_once() {
  local label=$1 config=$2 port admin pid got='' rc
  shift 2
  port=$(free_port)
  admin=$(free_port)
  "$@" serve --config "$config" --listen "127.0.0.1:$port" --admin-listen "127.0.0.1:$admin" --backend "$backend" \
    >"$work/serve.out" 2>"$work/serve.err" &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 600); do
    got=$(curl -sf "http://127.0.0.1:$port/hello.txt") && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve.err" >&2; fail "$label: serve stopped before answering"; }
    sleep 0.1
  done
  [[ $got == "$body" ]] || { cat "$work/serve.err" >&2; fail "$label: serve: expected '$body' through it, got '$got'"; }
  kill -TERM "$pid"
  rc=0
  wait "$pid" || rc=$?
  [[ $rc -eq 0 ]] || { cat "$work/serve.err" >&2; fail "$label: serve: exit $rc after SIGTERM, expected 0"; }
  [[ ! -s $work/serve.out ]] || { head "$work/serve.out" >&2; fail "$label: serve printed on stdout"; }
  say "ok: $label serve proxied GET /hello.txt to the backend, and stopped with exit 0 on SIGTERM"
}

# expect_same ARGS...: bin/junction ARGS and java -jar lib/junction.jar ARGS give the same exit code,
# stdout and stderr.
expect_same() {
  local a=0 b=0
  "$home/bin/junction" "$@" >"$work/a.out" 2>"$work/a.err" || a=$?
  java -jar "$home/lib/junction.jar" "$@" >"$work/b.out" 2>"$work/b.err" || b=$?
  [[ $a -eq $b ]] || fail "bin/junction $* exited $a, java -jar $b"
  cmp -s "$work/a.out" "$work/b.out" || fail "bin/junction $*: stdout differs from java -jar's"
  cmp -s "$work/a.err" "$work/b.err" || fail "bin/junction $*: stderr differs from java -jar's"
  say "ok: bin/junction ${*/#"$work"/\$work} = java -jar (exit $a)"
}

# --- 1. The tarball -------------------------------------------------------------------------------
say "tarball $tarball"
mkdir "$work/tar ball"
tar -xzf "$tarball" -C "$work/tar ball"
home="$work/tar ball/junction-$version"
export JUNCTION_STATE_DIR="$work/state" # not /var/lib/junction or ~/.cache: this test leaves nothing
mkdir "$JUNCTION_STATE_DIR"

out=$("$home/bin/junction" --version)
[[ $out == "junction $version"* ]] || fail "bin/junction --version said: $out"
say "ok: bin/junction --version: ${out%%$'\n'*}"
(cd "$home" && bin/junction config check conf/junction.yaml) || fail "bin/junction config check conf/junction.yaml"
say "ok: bin/junction config check conf/junction.yaml"
expect_same config check "$home/conf/junction.yaml"
echo 'junction: {backends: {a: "http://127.0.0.1:1"}, routes: [{path: /, backend: b}]}' >"$work/invalid.yaml"
expect_same config check "$work/invalid.yaml"
expect_same serve --no-such-option
mkdir "$work/links"
ln -s "$home/bin/junction" "$work/links/junction"
serve_once bin/junction "$home/conf/junction.yaml" "$home/bin/junction"
serve_once "a symlink to bin/junction" "$home/conf/junction.yaml" "$work/links/junction"
ls "$JUNCTION_STATE_DIR"/junction-"$version"-*.jsa >/dev/null 2>&1 || fail "no class-data archive in $JUNCTION_STATE_DIR after serve"
say "ok: serve left a class-data archive: $(cd "$JUNCTION_STATE_DIR" && ls junction-*.jsa)"

# No Java, and a Java too old: a clear message on stderr and exit 1, before any JVM starts.
mkdir -p "$work/java 11/bin" "$work/tools"
printf '#!/bin/sh\necho '\''openjdk version "11.0.22" 2024-01-16'\'' >&2\n' >"$work/java 11/bin/java"
chmod +x "$work/java 11/bin/java"
ln -s "$(command -v dirname)" "$(command -v ls)" "$work/tools/"
expect_refusal() {
  local want=$1 rc=0
  shift
  "$@" --version >"$work/refused.out" 2>"$work/refused.err" || rc=$?
  [[ $rc -ne 0 ]] || fail "$* ran with $want"
  grep -q "$want" "$work/refused.err" || fail "$*: expected '$want' on stderr, got: $(cat "$work/refused.err")"
  say "ok: refused, exit $rc: $(cat "$work/refused.err")"
}
expect_refusal "needs Java 17 or newer" env JAVA_HOME="$work/java 11" "$home/bin/junction"
expect_refusal "needs Java 17 or newer" env -u JAVA_HOME PATH="$work/java 11/bin:$PATH" "$home/bin/junction"
expect_refusal "no Java found" env -u JAVA_HOME PATH="$work/tools" /bin/sh "$home/bin/junction"
expect_refusal "has no bin/java" env JAVA_HOME="$work/nowhere" "$home/bin/junction"
unset JUNCTION_STATE_DIR

# --- 2. The Debian package ------------------------------------------------------------------------
packaging/build-deb.sh
deb=target/junction_${deb_version}_amd64.deb
say "package $deb"
installed=1
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >"$work/apt.log" 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get install ./$deb"; }
fi
say "ok: apt-get install ./$deb"

out=$(junction --version)
[[ $(command -v junction) == /usr/bin/junction && $out == "junction $version"* ]] || fail "junction --version said: $out"
say "ok: junction --version: ${out%%$'\n'*}"
junction config check /etc/junction/junction.yaml || fail "junction config check /etc/junction/junction.yaml"
grep -q '^    path: /var/lib/junction/junction-cache.db$' /etc/junction/junction.yaml || fail "the packaged config keeps its decisions elsewhere"
dpkg-query -W -f='${Conffiles}\n' junction | grep -q '^ /etc/junction/junction.yaml ' || fail "/etc/junction/junction.yaml is not a conffile"
getent passwd junction >/dev/null || fail "no junction user"
[[ $(stat -c %U /var/lib/junction) == junction ]] || fail "/var/lib/junction is not the junction user's"
say "ok: conffile /etc/junction/junction.yaml, user junction, state directory /var/lib/junction"
if command -v systemd-analyze >/dev/null 2>&1; then
  # It exits 0 on unknown keys and unparsable values too, and only says so: any word from it fails.
  rc=0
  verify=$(systemd-analyze verify /usr/lib/systemd/system/junction.service 2>&1) || rc=$?
  [[ $rc -eq 0 && -z $verify ]] || fail "systemd-analyze verify junction.service (exit $rc): $verify"
  say "ok: systemd-analyze verify junction.service, without a word"
fi

# As the service runs it: the junction user, its environment (HOME=/var/lib/junction), the packaged
# config, its working directory. setpriv execs the command, so SIGTERM reaches Junction itself (runuser
# would stay in between, and end with 143).
as_junction=(env --chdir=/var/lib/junction setpriv --reuid=junction --regid=junction --init-groups --reset-env /usr/bin/junction)
serve_once "/usr/bin/junction as junction" /etc/junction/junction.yaml "${as_junction[@]}"
[[ $(stat -c %U /var/lib/junction/junction-cache.db) == junction ]] || fail "no decision file of the junction user's in /var/lib/junction"
archive=$(ls /var/lib/junction/junction-"$version"-*.jsa 2>/dev/null) || fail "no class-data archive in /var/lib/junction"
say "ok: the junction user wrote /var/lib/junction/junction-cache.db and ${archive##*/}"
serve_once "/usr/bin/junction as junction" /etc/junction/junction.yaml "${as_junction[@]}"

DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq junction >"$work/apt.log" 2>&1 || { cat "$work/apt.log" >&2; fail "apt-get purge junction"; }
installed=
for gone in /etc/junction /var/lib/junction /usr/bin/junction /usr/share/junction /usr/lib/systemd/system/junction.service; do
  [[ ! -e $gone && ! -L $gone ]] || fail "$gone is still there after apt-get purge"
done
! getent passwd junction >/dev/null || fail "the junction user is still there after apt-get purge"
! getent group junction >/dev/null || fail "the junction group is still there after apt-get purge"
say "ok: apt-get purge junction left nothing"
say "passed"
