#!/usr/bin/env bash
# Prints the JAVA_HOME of a JDK >= 21: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm (or
# /opt/java, ~/.sdkman/candidates/java), else the `java` on PATH. Fails with one line when none exists.
set -u
min=21

major_of() { # $1 = path to a java binary
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

consider() { # $1 = candidate JAVA_HOME
  local home=$1
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  local m; m=$(major_of "$home/bin/java")
  [ -n "$m" ] && [ "$m" -ge "$min" ] 2>/dev/null || return 1
  echo "$m $home"
}

if [ -n "${JAVA_HOME:-}" ] && consider "$JAVA_HOME" >/dev/null; then echo "$JAVA_HOME"; exit 0; fi

best=""
for home in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
  [ -d "$home" ] || continue
  line=$(consider "$home") || continue
  best=$(printf '%s\n%s\n' "$best" "$line" | sed '/^$/d' | sort -n -r | head -1)
done
if [ -z "$best" ] && command -v java >/dev/null 2>&1 && command -v javac >/dev/null 2>&1; then
  home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  best=$(consider "$home") || best=""
fi
if [ -z "$best" ]; then
  echo "draftnrun: no JDK $min or newer found (looked at JAVA_HOME, /usr/lib/jvm, PATH); install one, e.g. apt-get install openjdk-21-jdk" >&2
  exit 1
fi
echo "${best#* }"
