#!/usr/bin/env bash
# Install everything the test suite needs, then run all of it: ruff, mypy and pytest (unit tests,
# every database test on SQLite and on a throwaway PostgreSQL server, GUI tests offscreen).
#
#   bash scripts/test.sh [extra pytest arguments]
#
# On a fresh Debian/Ubuntu machine, run as root (or as a user with password-less sudo) so that the
# missing system packages can be installed: the libraries Qt needs and PostgreSQL's server
# programs. The Python packages go into .venv in the repository. Works from any folder; exits
# non-zero when anything fails. DINSOS_TEST_DATABASE_URL (a server where the tests may create
# databases) replaces the throwaway PostgreSQL server.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DEBIAN_FRONTEND=noninteractive
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_NO_INPUT=1
export QT_QPA_PLATFORM=offscreen

VENV=.venv
QT_PACKAGES=(libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
             libxkbcommon0 libxcb-cursor0)

say() { printf '==> %s\n' "$*" >&2; }
elapsed() { printf '%dm%02ds' $((SECONDS / 60)) $((SECONDS % 60)); }

# ------------------------------------------------------------------------------ system packages

can_be_root() {
    [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        env DEBIAN_FRONTEND=noninteractive "$@"
    else
        sudo -n env DEBIAN_FRONTEND=noninteractive "$@"
    fi
}

quietly() {  # run a command, show its output only when it fails
    local log status=0
    log=$(mktemp)
    "$@" >"$log" 2>&1 </dev/null || status=$?
    if [ "$status" -ne 0 ]; then
        cat "$log" >&2
    fi
    rm -f "$log"
    return "$status"
}

have_initdb() {
    command -v initdb >/dev/null 2>&1 || compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

supported_python() {  # pyproject.toml: >=3.11,<3.14
    "$1" -c 'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 14)))' 2>/dev/null
}

find_python() {
    local candidate
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && supported_python "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

missing=()
if command -v dpkg >/dev/null 2>&1; then
    for package in "${QT_PACKAGES[@]}"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
fi
if ! have_initdb && [ -z "${DINSOS_TEST_DATABASE_URL:-}" ]; then
    missing+=(postgresql)
fi
python=$(find_python || true)
if [ -z "$python" ]; then
    missing+=(python3 python3-venv)
elif [ ! -x "$VENV/bin/python" ] && ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
    missing+=(python3-venv)  # Debian splits venv/ensurepip out of python3
fi

if [ "${#missing[@]}" -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1 && can_be_root; then
        say "installing system packages: ${missing[*]}"
        quietly as_root apt-get -q update
        quietly as_root apt-get -q install -y --no-install-recommends -o Dpkg::Use-Pty=0 "${missing[@]}"
    else
        say "WARNING: missing system packages (${missing[*]}) and no root/sudo to install them;" \
            "the tests that need them will fail"
    fi
    python=$(find_python || true)
fi
if [ -z "$python" ]; then
    say "ERROR: Python 3.11, 3.12 or 3.13 is needed (python3 is $(python3 --version 2>&1 || echo missing))"
    exit 1
fi

# ------------------------------------------------------------------------------ Python packages

if [ -e "$VENV" ] && ! supported_python "$VENV/bin/python"; then
    say "recreating $VENV (its Python is missing or unsupported)"
    rm -rf "$VENV"
fi
if [ ! -e "$VENV" ]; then
    say "creating $VENV with $("$python" --version)"
    if ! "$python" -m venv "$VENV"; then
        rm -rf "$VENV"
        say "ERROR: could not create $VENV (Debian: apt-get install python3-venv)"
        exit 1
    fi
fi

# Reinstall only when pyproject.toml (the dependencies) or the interpreter changed.
stamp="$VENV/.dinsos-test-installed"
wanted="$(sha256sum pyproject.toml | cut -d' ' -f1) $("$VENV/bin/python" -c 'import sys; print(sys.version)' | head -n1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ] \
        || ! "$VENV/bin/python" -c 'import importlib.metadata as m; m.version("dinsos-desktop")' 2>/dev/null; then
    say "installing the application and its test dependencies into $VENV"
    rm -f "$stamp"
    "$VENV/bin/python" -m pip install -q -e '.[test]'
    printf '%s\n' "$wanted" >"$stamp"
fi
say "setup done after $(elapsed)"

# ------------------------------------------------------------------------------ checks and tests

failed=()

say "ruff check"
"$VENV/bin/ruff" check . || failed+=(ruff)

say "mypy"
"$VENV/bin/mypy" || failed+=(mypy)

say "pytest"
pytest_args=()
if [ -n "${CI:-}" ]; then
    pytest_args+=(--durations=15)
fi
pytest_status=0
"$VENV/bin/python" -m pytest ${pytest_args[@]+"${pytest_args[@]}"} "$@" || pytest_status=$?
if [ "$pytest_status" -eq 5 ]; then
    say "pytest collected no tests: that is a failure too"
fi
[ "$pytest_status" -eq 0 ] || failed+=("pytest (exit $pytest_status)")

if [ "${#failed[@]}" -gt 0 ]; then
    say "FAILED after $(elapsed): ${failed[*]}"
    exit 1
fi
say "all checks passed after $(elapsed)"
