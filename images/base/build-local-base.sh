#!/usr/bin/env bash
# Builds a small Java base image as a `docker save` tarball without a Docker daemon or a
# container registry, for machines that reach Debian's packages but not Docker Hub (our CI).
# Jib then builds the worker and producer-demo images on top of it:
#   ./mvnw -Pimage -Djib.from.image=tar://$PWD/images/target/base/local-base.tar package
#
# Contents, in the style of a distroless image: glibc, libgcc and bash from Debian's
# packages (bash runs the compose health check), a jlink'd Java runtime from the JDK that
# runs the build, at /opt/java/openjdk like eclipse-temurin, and a user `app` (uid 1000).
# It is a stand-in for eclipse-temurin:21-jre, which users with network get by default.
#
# Needs: root or an updated apt cache (apt-get download), a JDK >= 21 with jlink.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/base
rootfs=$out/rootfs
rm -rf "$out" && mkdir -p "$rootfs" "$out/debs" "$out/image"

java_home=${JAVA_HOME:?set JAVA_HOME to a JDK >= 21}
packages=(libc6 libgcc-s1 bash libtinfo6)

if ! (cd "$out/debs" && apt-get download "${packages[@]}" >/dev/null 2>&1); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    (cd "$out/debs" && apt-get download "${packages[@]}" >/dev/null 2>&1)
  else
    echo "apt-get download ${packages[*]} failed; run 'sudo apt-get update' first" >&2
    exit 1
  fi
fi
for deb in "$out"/debs/*.deb; do dpkg-deb -x "$deb" "$rootfs"; done
rm -rf "$rootfs"/usr/share/doc "$rootfs"/usr/share/man "$rootfs"/usr/share/info "$rootfs"/usr/share/locale

# java.desktop for java.beans (Spring); jdk.* for Netty/Kafka (unsupported), JMX, zip, DNS.
"$java_home/bin/jlink" \
  --add-modules java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages \
  --output "$rootfs/opt/java/openjdk"

mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/home/app"
chmod 1777 "$rootfs/tmp"
printf 'root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000:app:/home/app:/bin/bash\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\napp:x:1000:\n' >"$rootfs/etc/group"
printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"

# One layer, owned by root, reproducible timestamps.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='@0' -C "$rootfs" -cf "$out/image/layer.tar" .
diff_id=$(sha256sum "$out/image/layer.tar" | cut -d' ' -f1)
cat >"$out/image/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java/openjdk","LANG=C.UTF-8"]},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created_by":"images/base/build-local-base.sh"}]}
JSON
config_id=$(sha256sum "$out/image/config.json" | cut -d' ' -f1)
mv "$out/image/config.json" "$out/image/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["contact-sync/local-base:latest"],"Layers":["layer.tar"]}]\n' "$config_id" >"$out/image/manifest.json"
tar -C "$out/image" -cf "$out/local-base.tar" manifest.json "$config_id.json" layer.tar
rm -rf "$out/image"
echo "$PWD/$out/local-base.tar"
