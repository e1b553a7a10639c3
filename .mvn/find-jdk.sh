# Sourced, never run: the one place that decides which JDK builds and runs auditq (./mvnw, ./auditq, .ci/run).
# Exports JAVA_HOME as a JDK >= 25, preferring, in order: JAVA_HOME, the `java` on PATH, then the newest JDK
# in the usual install directories. If there is none, prints one sentence and exits the sourcing script with 1.
# POSIX sh: ./mvnw runs under /bin/sh with `set -euf`, so no bashisms, no unset variables, and globbing is
# switched on here only for the directory scan. Every name it uses starts with _fj_ and is unset at the end.

_fj_min=25

# Prints "<major> <sortable key> <version>" for the JDK whose home is $1, or nothing if $1 is not a JDK
# (a JDK needs javac: ./mvnw compiles). The `release` file answers without starting a JVM; `java -version` is
# the fallback for the rare JDK without one.
_fj_describe() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  _fj_v=
  [ ! -r "$1/release" ] || _fj_v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p' "$1/release")
  [ -n "$_fj_v" ] || _fj_v=$("$1/bin/java" -version 2>&1 | sed -n '1s/^[^"]*"\([^"]*\)".*/\1/p')
  [ -n "$_fj_v" ] || return 0
  # "25.0.1", "25", "26-ea", and the old "1.8.0_402" scheme, where the major version is the second number.
  printf '%s\n' "$_fj_v" | awk -F'[^0-9]+' '{
    if ($1 == 1 && NF > 1) { maj = $2; mi = $3; pa = $4 } else { maj = $1; mi = $2; pa = $3 }
    printf "%d %d %s\n", maj, maj * 1000000 + mi * 1000 + pa, $0 }'
}

# Remembers $1 as the best candidate so far if it is a JDK newer than the current best. Too-old JDKs are
# remembered separately so the failure message can say what was found.
_fj_consider() {
  _fj_d=$(_fj_describe "$1")
  [ -n "$_fj_d" ] || return 0
  _fj_major=${_fj_d%% *}
  _fj_key=${_fj_d#* }
  _fj_ver=${_fj_key#* }
  _fj_key=${_fj_key%% *}
  if [ "$_fj_major" -ge "$_fj_min" ]; then
    [ "$_fj_key" -le "$_fj_best_key" ] || { _fj_best=$1 _fj_best_key=$_fj_key; }
  else
    [ "$_fj_key" -le "$_fj_old_key" ] || { _fj_old=$1 _fj_old_key=$_fj_key _fj_old_ver=$_fj_ver; }
  fi
}

_fj_best='' _fj_best_key=0 _fj_old='' _fj_old_key=0 _fj_old_ver=''

# 1. JAVA_HOME, if it is new enough: the user's explicit choice wins whenever it can work.
[ -z "${JAVA_HOME-}" ] || _fj_consider "$JAVA_HOME"

# 2. The `java` on PATH. Follow symlinks (Debian's /usr/bin/java -> /etc/alternatives/java -> .../bin/java);
#    if that does not lead to a JDK home (macOS's /usr/bin/java is a stub), ask that java for its java.home.
if [ -z "$_fj_best" ] && _fj_java=$(command -v java 2>/dev/null) && [ -n "$_fj_java" ]; then
  _fj_real=$(readlink -f "$_fj_java" 2>/dev/null) || _fj_real=$_fj_java
  _fj_home=$(dirname "$(dirname "$_fj_real")")
  if [ -n "$(_fj_describe "$_fj_home")" ]; then
    _fj_consider "$_fj_home"
  else
    _fj_home=$("$_fj_java" -XshowSettings:properties -version 2>&1 | sed -n 's/^[[:space:]]*java\.home = //p')
    [ -z "$_fj_home" ] || _fj_consider "$_fj_home"
  fi
fi

# 3. The newest JDK in the usual install directories (Debian/Ubuntu packages, Docker images and tarballs,
#    SDKMAN!, macOS installers).
if [ -z "$_fj_best" ]; then
  case $- in *f*) _fj_noglob=1 ;; *) _fj_noglob= ;; esac
  set +f
  for _fj_home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "${HOME:-/nonexistent}"/.sdkman/candidates/java/* \
    /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ ! -d "$_fj_home" ] || _fj_consider "$_fj_home"
  done
  [ -z "$_fj_noglob" ] || set -f
fi

if [ -z "$_fj_best" ]; then
  if [ -n "$_fj_old" ]; then _fj_found=" (the newest found is $_fj_old_ver at $_fj_old)"; else _fj_found=; fi
  printf '%s\n' "auditq needs a JDK $_fj_min or newer; none found in JAVA_HOME, PATH, /usr/lib/jvm, /opt/java, /opt/jdk*, ~/.sdkman/candidates/java or /Library/Java/JavaVirtualMachines$_fj_found — install Temurin $_fj_min or set JAVA_HOME." >&2
  exit 1
fi

JAVA_HOME=$_fj_best
export JAVA_HOME
[ "${MVNW_VERBOSE-}" != true ] || printf '%s\n' "find-jdk: using JAVA_HOME=$JAVA_HOME" >&2
unset _fj_min _fj_v _fj_d _fj_major _fj_key _fj_ver _fj_best _fj_best_key _fj_old _fj_old_key _fj_old_ver \
  _fj_java _fj_real _fj_home _fj_noglob _fj_found
unset -f _fj_describe _fj_consider
