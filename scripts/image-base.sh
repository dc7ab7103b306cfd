#!/usr/bin/env bash
# The root file system of the image's base layer, built here without a registry or a Docker daemon (docs/adr/0019):
# a Java runtime made by jlink from the build's JDK (without its development tools) at /opt/java, the shared libraries
# it needs copied from this machine's Debian packages (glibc, libstdc++ and libgcc for the ONNX embedding runtime, zlib),
# a passwd/group with the non-root user draftnrun (65532), and /tmp. Jib lays it on `scratch` (bootstrap/pom.xml,
# profile image). Usage: scripts/image-base.sh <output directory>
set -euo pipefail
out=${1:?usage: scripts/image-base.sh <output directory>}
java_home=${JAVA_HOME:?set JAVA_HOME}
rm -rf "$out"
mkdir -p "$out"/etc "$out"/tmp "$out"/usr/share/doc/draftnrun-base

exclude='jdk.compiler jdk.editpad jdk.graal.compiler jdk.graal.compiler.management jdk.hotspot.agent jdk.internal.ed
jdk.internal.le jdk.internal.opt jdk.internal.vm.ci jdk.jartool jdk.javadoc jdk.jconsole jdk.jdeps jdk.jdi
jdk.jdwp.agent jdk.jlink jdk.jpackage jdk.jshell jdk.jstatd'
modules=$("$java_home/bin/java" --list-modules | sed 's/@.*//' | grep -vxF -f <(tr ' ' '\n' <<<"$exclude" | grep .) \
  | paste -sd, -)
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$out/opt/java"

# shared libraries: what the runtime's binaries link to (the X11/sound parts of AWT excepted: the server is headless),
# plus the C++ runtime of the native libraries the jar unpacks (ONNX Runtime), with the dynamic loader
libs=$( { find "$out/opt/java" -name '*.so' ! -name 'libawt_xawt.so' ! -name 'libjawt.so' ! -name 'libsplashscreen.so' \
          ! -name 'libjsound.so'; echo "$out/opt/java/bin/java"; } | xargs ldd 2>/dev/null | awk '/=>/ {print $3}' \
        | grep -v "^$out" | grep -v '^not$' | sort -u)
for lib in $libs /lib/x86_64-linux-gnu/libstdc++.so.6 /lib/x86_64-linux-gnu/libgcc_s.so.1 \
           /lib/x86_64-linux-gnu/libz.so.1 /lib64/ld-linux-x86-64.so.2 \
           /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2; do
  [ -e "$lib" ] || continue
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
  real=$(readlink -f "$lib")
  (dpkg -S "$real" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || echo "unknown: $lib") | head -1 \
    >> "$out/usr/share/doc/draftnrun-base/packages.txt"
done
for pkg in $(cut -d: -f1 "$out/usr/share/doc/draftnrun-base/packages.txt" | sort -u | grep -v unknown); do
  dpkg-query -W -f='${Package} ${Version}\n' "$pkg" 2>/dev/null || true
done > "$out/usr/share/doc/draftnrun-base/package-versions.txt"
"$java_home/bin/java" -version 2>&1 | head -1 > "$out/usr/share/doc/draftnrun-base/java.txt"

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
draftnrun:x:65532:65532:draftnrun:/tmp:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
draftnrun:x:65532:
GROUP
printf 'hosts: files dns\n' > "$out/etc/nsswitch.conf"
echo "image base in $out: $(du -sh "$out" | cut -f1)"
