#!/usr/bin/env bash
# One-time (and idempotent) project setup: Debian packages + Python venv.
# Fast on a second run: every step is skipped when already satisfied.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

APT_PACKAGES="chromium fonts-noto-cjk nginx-light"  # nginx: the compressing reverse proxy (deploy/)
VENV=.venv
STAMP="$VENV/.requirements.sha256"

# Never let Playwright / kaleido / plotly download their own browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_NO_INPUT=1

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

apt_install() {
    # $@: Debian packages to install (as root, non-interactively).
    log "installing Debian packages: $*"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

# --- 1. Debian packages: chromium + Japanese fonts ---------------------------
have_ja_font() {
    local fonts
    command -v fc-list >/dev/null 2>&1 || return 1
    fonts="$(fc-list :lang=ja 2>/dev/null || true)"
    grep -qi 'Noto.*CJK' <<<"$fonts"
}

have_nginx() { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }

if [ -x /usr/bin/chromium ] && have_ja_font && have_nginx; then
    :
elif is_root; then
    # shellcheck disable=SC2086
    apt_install $APT_PACKAGES
    [ -x /usr/bin/chromium ] || die "/usr/bin/chromium still missing after apt-get install"
    have_ja_font || die "no Noto CJK font listed by 'fc-list :lang=ja' after apt-get install"
    have_nginx || die "nginx still missing after apt-get install"
else
    cat >&2 <<MSG
[setup] ERROR: missing system packages (need /usr/bin/chromium, a Noto CJK font and nginx).
[setup] Run this once, then re-run 'make setup':

    sudo apt-get update && sudo apt-get install -y --no-install-recommends $APT_PACKAGES

MSG
    exit 1
fi

# --- 2. Python >= 3.11 -------------------------------------------------------
command -v python3 >/dev/null 2>&1 \
    || die "python3 not found; install Python >= 3.11 (Debian 12: apt-get install python3 python3-venv)"
if ! python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    die "python3 >= 3.11 required, found $(python3 --version 2>&1)"
fi

# A venv is usable if its interpreter runs and is >= 3.11.
venv_ok() {
    [ -x "$VENV/bin/python" ] \
        && "$VENV/bin/python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null
}

if ! venv_ok; then
    if [ -e "$VENV" ]; then
        log "existing $VENV is broken or too old; recreating it"
        rm -rf "$VENV"
    fi
    # Debian splits ensurepip into python3-venv; without it 'python3 -m venv' fails.
    if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
        if is_root; then
            apt_install python3-venv
        else
            die "python3 cannot create venvs; run: sudo apt-get install -y python3-venv"
        fi
    fi
    log "creating $VENV"
    python3 -m venv "$VENV"
    rm -f "$STAMP"
fi

# --- 3. Python packages (skipped when requirements.txt is unchanged) --------
[ -f requirements.txt ] || die "requirements.txt not found in $(pwd)"
want="$(sha256sum requirements.txt | cut -d' ' -f1)"
have="$(cat "$STAMP" 2>/dev/null || true)"

if [ "$want" != "$have" ]; then
    installed=0
    if [ ! -x "$VENV/bin/uv" ]; then
        # A venv made by uv may have no pip; bootstrap it first.
        "$VENV/bin/python" -m pip --version >/dev/null 2>&1 \
            || "$VENV/bin/python" -m ensurepip --upgrade >/dev/null 2>&1 || true
        log "installing uv into $VENV"
        "$VENV/bin/python" -m pip install -q uv || log "could not install uv; will use pip"
    fi
    if [ -x "$VENV/bin/uv" ]; then
        log "installing requirements.txt with uv"
        if "$VENV/bin/uv" pip install --python "$VENV/bin/python" -r requirements.txt; then
            installed=1
        else
            log "uv pip install failed; falling back to pip"
        fi
    fi
    if [ "$installed" -eq 0 ]; then
        "$VENV/bin/python" -m pip --version >/dev/null 2>&1 \
            || "$VENV/bin/python" -m ensurepip --upgrade >/dev/null 2>&1 \
            || die "no pip in $VENV and ensurepip failed"
        log "installing requirements.txt with pip"
        "$VENV/bin/python" -m pip install -q -r requirements.txt
    fi
    printf '%s\n' "$want" >"$STAMP"
fi

log "ok ($("$VENV/bin/python" --version 2>&1) in $VENV, /usr/bin/chromium, Noto CJK fonts, nginx)"
