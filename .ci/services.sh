# shellcheck shell=bash
# .ci/services.sh: throwaway test services for CI, on 127.0.0.1 only.
#
# Source it from .ci/run (bash), then call what the tests need:
#
#   set -euo pipefail
#   . .ci/services.sh
#   start_ferretdb    # exports MONGODB_URI, REQUIRE_MONGO=1
#   start_postgres    # exports PG_TEST_URL
#   start_redis       # exports REDIS_URL
#   ...run tests...
#
# Every start_* function returns non-zero with an "ERROR" line on stderr when
# it fails (so `set -e`, or `start_x || exit 1`, ends the run). The first
# start_* call installs `trap stop_services EXIT` (keeping any EXIT trap that
# is already set, and turning INT/TERM into a normal exit so the trap runs).
# If .ci/run sets its own EXIT trap afterwards, it must call stop_services.
#
# Services live in one temp dir (SV_STATE_DIR) that stop_services deletes.
# Each service's log is there while it runs; on a failed start its tail is
# printed. Knobs (all optional):
#   SV_CACHE_DIR        where the built FerretDB launcher is cached
#                       (default: ${XDG_CACHE_HOME:-$HOME/.cache}/singleview)
#   FERRETDB_LOG_LEVEL  debug|info|warn|error (default warn)
#   FERRETDB_BACKEND    sqlite (default) or postgresql; postgresql runs
#                       start_postgres first and stores FerretDB's data in a
#                       database `ferretdb` of that cluster
#   SV_KEEP_STATE=1     keep SV_STATE_DIR after stop_services (debugging)

_SV_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_SV_STOPS=()          # stop commands, run in reverse order by stop_services
_SV_TRAP_SET=""
_SV_APT_UPDATED=""
SV_STATE_DIR="${SV_STATE_DIR:-}"

_sv_log() { printf '[services] %s\n' "$*" >&2; }
_sv_err() { printf '[services] ERROR: %s\n' "$*" >&2; }

_sv_now_ms() { date +%s%3N; }

# Print the last lines of a log file, indented, to stderr.
_sv_tail() {
  [ -f "$1" ] || return 0
  printf '[services] --- last lines of %s ---\n' "$1" >&2
  tail -n "${2:-20}" "$1" | sed 's/^/  | /' >&2
}

_sv_install_trap() {
  [ -n "$_SV_TRAP_SET" ] && return 0
  _SV_TRAP_SET=1
  local prev="" parts=()
  # `trap -p EXIT` prints: trap -- 'cmd' EXIT
  if [ -n "$(trap -p EXIT)" ]; then
    eval "parts=($(trap -p EXIT))"
    prev="${parts[2]:-}"
  fi
  # shellcheck disable=SC2064
  trap "stop_services${prev:+; $prev}" EXIT
  [ -z "$(trap -p INT)" ] && trap 'exit 130' INT
  [ -z "$(trap -p TERM)" ] && trap 'exit 143' TERM
  return 0
}

_sv_state_dir() {
  if [ -z "$SV_STATE_DIR" ] || [ ! -d "$SV_STATE_DIR" ]; then
    SV_STATE_DIR="$(mktemp -d "${TMPDIR:-/tmp}/sv-services.XXXXXX")" || {
      _sv_err "cannot create a temp dir"; return 1; }
    # traversable (not listable) so a dropped-privilege postgres can reach its subdir
    chmod 0711 "$SV_STATE_DIR"
    export SV_STATE_DIR
  fi
}

# True when something accepts TCP connections on 127.0.0.1:$1.
_sv_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A port in 20000-32767 (below Linux's ephemeral range) that nothing listens on.
# Racy by nature: callers retry on a bind failure.
_sv_pick_port() {
  local p i
  for i in $(seq 1 50); do
    p=$((20000 + (RANDOM % 12768)))
    _sv_port_open "$p" || { echo "$p"; return 0; }
  done
  _sv_err "no free port found"; return 1
}

# _sv_wait_port PORT PID TIMEOUT_S LOG NAME: wait until PORT accepts connections
# while PID lives.
_sv_wait_port() {
  local port=$1 pid=$2 timeout=$3 log=$4 name=$5 deadline
  deadline=$(( $(date +%s) + timeout ))
  while ! _sv_port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      _sv_err "$name exited during start-up"; _sv_tail "$log"; return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      _sv_err "$name did not accept connections on 127.0.0.1:$port within ${timeout}s"
      _sv_tail "$log"; return 1
    fi
    sleep 0.05
  done
}

# Stop a background process: TERM, wait up to 10 s, then KILL.
_sv_kill() {
  local pid=$1 name=$2 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 200); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$pid" 2>/dev/null; then
    _sv_log "$name (pid $pid) ignored SIGTERM; killing"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# Install Debian packages non-interactively, once, as root. Services are not
# started by the packages' scripts (policy-rc.d), and `apt-get update` runs
# only if the first attempt fails (stale or missing package lists).
_sv_apt_install() {
  if [ "$(id -u)" != 0 ]; then
    _sv_err "need root to apt-get install $*"; return 1
  fi
  command -v apt-get >/dev/null || { _sv_err "apt-get not found; install $* by hand"; return 1; }
  local t0 log rc=0 own_policy=""
  t0=$(_sv_now_ms)
  log="$(mktemp "${TMPDIR:-/tmp}/sv-apt.XXXXXX")"
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  _sv_log "apt-get install $* ..."
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -y -qq
             -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold
             install --no-install-recommends "$@")
  if ! "${apt[@]}" >"$log" 2>&1; then
    if [ -z "$_SV_APT_UPDATED" ]; then
      _sv_log "install failed; running apt-get update and retrying"
      _SV_APT_UPDATED=1
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$log" 2>&1 || true
      "${apt[@]}" >>"$log" 2>&1 || rc=$?
    else
      rc=1
    fi
  fi
  [ -n "$own_policy" ] && rm -f /usr/sbin/policy-rc.d
  if [ "$rc" != 0 ]; then
    _sv_err "apt-get install $* failed"; _sv_tail "$log" 30; rm -f "$log"; return 1
  fi
  rm -f "$log"
  _sv_log "installed $* in $(( ($(_sv_now_ms) - t0) / 1000 ))s"
}

# ---------------------------------------------------------------- FerretDB --

_sv_go() {
  if command -v go >/dev/null; then echo go
  elif [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go
  else return 1; fi
}

# Build test/ferretdb once per source version; print the binary's path.
sv_build_ferretdb() {
  local src="$_SV_REPO/test/ferretdb" go cache key bin t0 log
  go="$(_sv_go)" || { _sv_err "go not found (needed to build the FerretDB launcher)"; return 1; }
  cache="${SV_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/singleview}"
  mkdir -p "$cache" || { _sv_err "cannot create $cache"; return 1; }
  key="$(cat "$src/go.mod" "$src/go.sum" "$src"/*.go | sha256sum | cut -c1-16)-$("$go" env GOVERSION)"
  bin="$cache/ferretdb-launcher-$key"
  if [ ! -x "$bin" ]; then
    _sv_log "building FerretDB launcher (first build takes about a minute) ..."
    t0=$(_sv_now_ms)
    log="$(mktemp "${TMPDIR:-/tmp}/sv-gobuild.XXXXXX")"
    if ! (cd "$src" && "$go" build -trimpath -buildvcs=false -o "$bin.tmp.$$" .) >"$log" 2>&1; then
      _sv_err "building test/ferretdb failed"; _sv_tail "$log" 30
      rm -f "$log" "$bin.tmp.$$"; return 1
    fi
    mv -f "$bin.tmp.$$" "$bin"
    # drop binaries built from older sources (about 35 MB each)
    find "$cache" -maxdepth 1 -name 'ferretdb-launcher-*' ! -name "${bin##*/}" -delete 2>/dev/null || true
    rm -f "$log"
    _sv_log "built FerretDB launcher in $(( ($(_sv_now_ms) - t0) / 1000 ))s"
  fi
  echo "$bin"
}

start_ferretdb() {
  if [ -n "${_SV_FERRET_PID:-}" ]; then _sv_log "FerretDB already running"; return 0; fi
  local bin dir pid uri port t0 deadline backend=() pgbase
  bin="$(sv_build_ferretdb)" || return 1
  _sv_state_dir || return 1
  _sv_install_trap
  dir="$SV_STATE_DIR/ferretdb"
  mkdir -p "$dir"
  case "${FERRETDB_BACKEND:-sqlite}" in
    sqlite) backend=(-dir "$dir/data") ;;
    postgresql)
      start_postgres || return 1
      pgbase="${PG_TEST_URL%/*}"
      if ! "$_SV_PG_BINDIR/psql" -X -q "$pgbase/postgres" -c "CREATE DATABASE ferretdb" >"$dir/createdb.log" 2>&1; then
        _sv_err "CREATE DATABASE ferretdb failed"; _sv_tail "$dir/createdb.log"; return 1
      fi
      backend=(-postgresql-url "$pgbase/ferretdb") ;;
    *) _sv_err "FERRETDB_BACKEND must be sqlite or postgresql, not '$FERRETDB_BACKEND'"; return 1 ;;
  esac
  t0=$(_sv_now_ms)
  # Port 0: the kernel picks a free port, and the launcher prints the URI.
  "$bin" -listen 127.0.0.1:0 "${backend[@]}" -log-level "${FERRETDB_LOG_LEVEL:-warn}" \
    </dev/null >"$dir/uri" 2>"$dir/ferretdb.log" &
  pid=$!
  _SV_FERRET_PID=$pid
  _SV_STOPS+=("_sv_kill $pid FerretDB")
  deadline=$(( $(date +%s) + 30 ))
  until [ -s "$dir/uri" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      _sv_err "FerretDB exited during start-up"; _sv_tail "$dir/ferretdb.log"; return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      _sv_err "FerretDB printed no URI within 30s"; _sv_tail "$dir/ferretdb.log"; return 1
    fi
    sleep 0.05
  done
  uri="$(head -n1 "$dir/uri")"
  case "$uri" in
    mongodb://127.0.0.1:*/) ;;
    *) _sv_err "unexpected FerretDB URI: $uri"; return 1 ;;
  esac
  port="${uri#mongodb://127.0.0.1:}"; port="${port%/}"
  _sv_wait_port "$port" "$pid" 30 "$dir/ferretdb.log" FerretDB || return 1
  export MONGODB_URI="$uri" REQUIRE_MONGO=1
  _sv_log "FerretDB (${FERRETDB_BACKEND:-sqlite}) ready at $MONGODB_URI in $(( $(_sv_now_ms) - t0 ))ms (log: $dir/ferretdb.log)"
}

# ---------------------------------------------------------------- Postgres --

# Print the directory that holds initdb and pg_ctl.
_sv_pg_bindir() {
  local d
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0
  fi
  # Debian keeps the server binaries off PATH; take the newest version.
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5 -V -r); do
    [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

start_postgres() {
  if [ -n "${_SV_PG_DATA:-}" ]; then _sv_log "PostgreSQL already running"; return 0; fi
  local bindir dir run=() user=singleview db=singleview_test port _ t0
  if ! bindir="$(_sv_pg_bindir)"; then
    _sv_apt_install postgresql || return 1
    bindir="$(_sv_pg_bindir)" || { _sv_err "PostgreSQL installed but pg_ctl/initdb not found"; return 1; }
  fi
  _sv_state_dir || return 1
  _sv_install_trap
  dir="$SV_STATE_DIR/postgres"
  mkdir -p "$dir"
  # PostgreSQL refuses to run as root: drop to the `postgres` system user.
  if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      _sv_err "running as root but no 'postgres' user exists"; return 1
    fi
    chown postgres: "$dir"
    # shellcheck disable=SC2016 # "$0" "$@" are expanded by the postgres user's sh
    if command -v runuser >/dev/null; then run=(runuser -u postgres --)
    else run=(su -s /bin/sh -c 'exec "$0" "$@"' -- postgres); fi
  fi
  t0=$(_sv_now_ms)
  printf '%s\n' "$user" > "$dir/pwfile"
  [ ${#run[@]} -gt 0 ] && chown postgres: "$dir/pwfile"
  if ! (cd / && "${run[@]}" "$bindir/initdb" -D "$dir/data" -U "$user" --pwfile="$dir/pwfile" \
        -A trust -E UTF8 --locale=C --no-sync) >"$dir/initdb.log" 2>&1; then
    _sv_err "initdb failed"; _sv_tail "$dir/initdb.log"; return 1
  fi
  _SV_PG_DATA="$dir/data"
  _SV_PG_RUN=("${run[@]}")
  _SV_PG_BINDIR="$bindir"
  _SV_STOPS+=("_sv_stop_postgres")
  for _ in 1 2 3 4 5; do
    port="$(_sv_pick_port)" || return 1
    # Loopback TCP only; the Unix socket goes into our own dir. Durability off.
    if (cd / && "${run[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
          -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
          start) >"$dir/pg_ctl.log" 2>&1; then
      break
    fi
    if grep -q 'could not bind\|Address already in use' "$dir/postgres.log" 2>/dev/null; then
      _sv_log "port $port taken; retrying"; : > "$dir/postgres.log"; port=""; continue
    fi
    _sv_err "pg_ctl start failed"; _sv_tail "$dir/pg_ctl.log"; _sv_tail "$dir/postgres.log"; return 1
  done
  [ -n "$port" ] || { _sv_err "PostgreSQL: no free port after 5 tries"; return 1; }
  if ! "$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U "$user" -d postgres \
        -c "CREATE DATABASE $db" >"$dir/createdb.log" 2>&1; then
    _sv_err "CREATE DATABASE $db failed"; _sv_tail "$dir/createdb.log"; return 1
  fi
  export PG_TEST_URL="postgres://$user:$user@127.0.0.1:$port/$db"
  _sv_log "PostgreSQL $("$bindir/postgres" -V | awk '{print $3}') ready at $PG_TEST_URL in $(( $(_sv_now_ms) - t0 ))ms"
}

_sv_stop_postgres() {
  [ -n "${_SV_PG_DATA:-}" ] || return 0
  if [ -f "$_SV_PG_DATA/postmaster.pid" ]; then
    (cd / && "${_SV_PG_RUN[@]}" "$_SV_PG_BINDIR/pg_ctl" -D "$_SV_PG_DATA" -m fast -w -t 30 stop) >/dev/null 2>&1 || {
      local pid; pid="$(head -n1 "$_SV_PG_DATA/postmaster.pid" 2>/dev/null)"
      _sv_log "pg_ctl stop failed; killing postmaster ${pid:-?}"
      if [ -n "$pid" ]; then kill -KILL "$pid" 2>/dev/null || true; fi
    }
  fi
  _SV_PG_DATA=""
}

# ------------------------------------------------------------------- Redis --

start_redis() {
  if [ -n "${_SV_REDIS_PID:-}" ]; then _sv_log "Redis already running"; return 0; fi
  local dir pid port _ t0 started=""
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    _sv_apt_install redis-server || return 1
  fi
  _sv_state_dir || return 1
  _sv_install_trap
  dir="$SV_STATE_DIR/redis"
  mkdir -p "$dir"
  t0=$(_sv_now_ms)
  for _ in 1 2 3 4 5; do
    port="$(_sv_pick_port)" || return 1
    : > "$dir/redis.log"
    # No persistence (no RDB snapshots, no AOF), loopback only.
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
      --protected-mode yes --daemonize no --dir "$dir" --logfile "$dir/redis.log" \
      </dev/null >/dev/null 2>&1 &
    pid=$!
    if _sv_wait_port "$port" "$pid" 30 "$dir/redis.log" Redis 2>"$dir/wait.err"; then
      started=1; break
    fi
    _sv_kill "$pid" Redis
    if grep -q 'Address already in use' "$dir/redis.log"; then
      _sv_log "port $port taken; retrying"; continue
    fi
    cat "$dir/wait.err" >&2; return 1
  done
  [ -n "$started" ] || { _sv_err "Redis: no free port after 5 tries"; return 1; }
  _SV_REDIS_PID=$pid
  _SV_STOPS+=("_sv_kill $pid Redis")
  if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>&1)" != PONG ]; then
    _sv_err "Redis on port $port does not answer PING"; _sv_tail "$dir/redis.log"; return 1
  fi
  export REDIS_URL="redis://127.0.0.1:$port"
  _sv_log "Redis $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') ready at $REDIS_URL in $(( $(_sv_now_ms) - t0 ))ms"
}

# ------------------------------------------------------------------- stop --

# Stop everything started here (newest first) and delete the temp dir.
# Safe to call more than once.
stop_services() {
  local i n=${#_SV_STOPS[@]}
  for (( i = n - 1; i >= 0; i-- )); do
    eval "${_SV_STOPS[$i]}" || true
  done
  _SV_STOPS=()
  _SV_FERRET_PID="" _SV_REDIS_PID="" _SV_PG_DATA=""
  if [ "$n" -gt 0 ]; then _sv_log "services stopped"; fi
  if [ -n "$SV_STATE_DIR" ] && [ -d "$SV_STATE_DIR" ] && [ -z "${SV_KEEP_STATE:-}" ]; then
    rm -rf "$SV_STATE_DIR"
    SV_STATE_DIR=""
  fi
  unset MONGODB_URI REQUIRE_MONGO PG_TEST_URL REDIS_URL
  return 0
}
