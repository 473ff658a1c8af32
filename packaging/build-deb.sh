#!/usr/bin/env bash
# Builds target/junction_<version>_amd64.deb from target/junction-<version>.tar.gz (./mvnw package
# makes it): a plain dpkg-deb tree over the tarball's layout, run by the Debian Java 17+ runtime.
#
#   /usr/share/junction/{bin/junction, lib/}   the tarball's, unchanged
#   /usr/share/junction/conf -> /etc/junction   so bin/junction reads /etc/junction/jvm.options
#   /usr/bin/junction -> ../share/junction/bin/junction
#   /etc/junction/{junction.yaml, jvm.options} conffiles; the decision file in /var/lib/junction
#   /usr/lib/systemd/system/junction.service
#
# Architecture amd64, not all: the jar carries x86-64 native code (Netty's epoll and io_uring
# transports, BoringSSL); on another architecture Junction would quietly fall back to Java NIO and the
# JDK's TLS, which is not what was measured. docs/install.md has the details.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dpkg-deb >/dev/null 2>&1 || { echo "build-deb: dpkg-deb not found (it comes with dpkg): no package built" >&2; exit 1; }

version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' pom.xml | head -n 1)
tarball=target/junction-$version.tar.gz
[[ -f $tarball ]] || { echo "build-deb: $tarball not found; build it first: ./mvnw -B -q package -DskipTests" >&2; exit 1; }
# Debian versions have no '-' without a Debian revision; '~' sorts before the release: 0.1.0~SNAPSHOT < 0.1.0.
deb_version=${version//-/\~}
deb=target/junction_${deb_version}_amd64.deb

tree=$(mktemp -d target/deb-tree.XXXXXX)
trap 'rm -rf "$tree"' EXIT
tar -xzf "$tarball" -C "$tree"
dist=$tree/junction-$version
[[ $(cat "$dist/lib/version") == "$version" ]] || { echo "build-deb: $tarball is not version $version" >&2; exit 1; }

root=$tree/root
install -d -m 0755 "$root/usr/share/junction" "$root/usr/bin" "$root/etc/junction" \
  "$root/usr/lib/systemd/system" "$root/usr/share/doc/junction" "$root/DEBIAN"
cp -R "$dist/bin" "$dist/lib" "$root/usr/share/junction/"
ln -s /etc/junction "$root/usr/share/junction/conf"
ln -s ../share/junction/bin/junction "$root/usr/bin/junction"
install -m 0644 "$dist/conf/jvm.options" "$root/etc/junction/jvm.options"
# The starter config, with the decision file in the state directory the package makes.
sed 's|^    path: junction-cache.db$|    path: /var/lib/junction/junction-cache.db|' "$dist/conf/junction.yaml" >"$root/etc/junction/junction.yaml"
grep -q '^    path: /var/lib/junction/junction-cache.db$' "$root/etc/junction/junction.yaml" ||
  { echo "build-deb: the starter config no longer has 'path: junction-cache.db' to point at /var/lib/junction" >&2; exit 1; }
chmod 0644 "$root/etc/junction/junction.yaml"
install -m 0644 packaging/deb/junction.service "$root/usr/lib/systemd/system/junction.service"
install -m 0644 docs/install.md "$root/usr/share/doc/junction/install.md"
install -m 0755 packaging/deb/postinst packaging/deb/prerm packaging/deb/postrm "$root/DEBIAN/"
printf '%s\n' /etc/junction/junction.yaml /etc/junction/jvm.options >"$root/DEBIAN/conffiles"
cat >"$root/DEBIAN/control" <<EOF
Package: junction
Version: $deb_version
Architecture: amd64
Maintainer: Seed f247ab1b maintainers <maintainers@users.noreply.h-seed-f247ab1b.example>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless, procps
Section: net
Priority: optional
Description: HTTP router: one endpoint in front of many backend services
 Junction decides, request by request, which backend answers, and streams the
 answer back untouched: explicit rules on path, method, headers and JSON
 payload, discovery with a decision cache, aliases, an admin API.
 .
 This package runs it as the systemd service junction, configured in
 /etc/junction/junction.yaml.
EOF

# gzip: the jar inside is compressed already, and xz would only take longer.
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
echo "build-deb: $deb"
