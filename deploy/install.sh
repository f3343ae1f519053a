#!/usr/bin/env bash
# Take a fresh Debian 12 / Ubuntu 22.04+ machine to a running ward kiosk.
#
#   sudo deploy/install.sh             install or upgrade, then (re)start the kiosk
#   sudo deploy/install.sh --no-start  install, enable the units, do not start them
#   deploy/install.sh --dry-run        print every step instead of doing it (no root needed)
#
# What it does (idempotent; safe to run again for an upgrade):
#   1. installs the system packages (scripts/system-packages.txt + deploy/packages.txt,
#      minus the test-only deploy/packages-exclude.txt)
#   2. creates the system user "ward-kiosk" (no login, home = data directory)
#   3. copies this source tree to /opt/ward-kiosk/src and builds /opt/ward-kiosk/venv
#   4. installs /etc/ward-kiosk/kiosk.toml from config/kiosk.toml unless one exists
#   5. installs the systemd units, tmpfiles.d, logrotate, journald, Xorg and polkit snippets
#   6. enables pcscd, CUPS, the display and the kiosk, and starts them
set -euo pipefail

PREFIX=/opt/ward-kiosk
CONF_DIR=/etc/ward-kiosk
DATA_DIR=/var/lib/ward-kiosk
KIOSK_USER=ward-kiosk
# the distribution's interpreter: one in a personal directory (pyenv, ~/.local) would not be
# readable by the kiosk user
PYTHON=${PYTHON:-/usr/bin/python3}
SRC=$(cd "$(dirname "$0")/.." && pwd)

dry_run=0
start=1
for arg in "$@"; do
    case "$arg" in
        --dry-run) dry_run=1 ;;
        --no-start) start=0 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done

say() { printf '==> %s\n' "$*"; }
run() {
    if [ "$dry_run" -eq 1 ]; then
        printf '+ %s\n' "$*"
    else
        "$@"
    fi
}

packages() {
    # every non-comment line of the two lists, minus the exclusions
    local exclude
    exclude=$(grep -hvE '^\s*(#|$)' "$SRC/deploy/packages-exclude.txt" | tr -d ' ')
    grep -hvE '^\s*(#|$)' "$SRC/scripts/system-packages.txt" "$SRC/deploy/packages.txt" |
        tr -d ' ' | grep -vxF -f <(printf '%s\n' "$exclude") | sort -u
}

preflight() {
    if [ "$dry_run" -eq 0 ] && [ "$(id -u)" -ne 0 ]; then
        echo "run as root: sudo $0 $*" >&2
        exit 1
    fi
    if [ -r /etc/os-release ]; then
        # shellcheck disable=SC1091
        . /etc/os-release
        case " ${ID:-} ${ID_LIKE:-} " in
            *" debian "*|*" ubuntu "*) ;;
            *) echo "this installer supports Debian and Ubuntu only (found ${ID:-unknown})" >&2
               exit 1 ;;
        esac
    fi
    if [ "$dry_run" -eq 0 ] && [ "$start" -eq 1 ] && [ ! -d /run/systemd/system ]; then
        echo "systemd is not running: use --no-start (e.g. in a container)" >&2
        exit 1
    fi
}

install_packages() {
    say "system packages"
    mapfile -t wanted < <(packages)
    # wait for the dpkg lock: on a fresh machine unattended-upgrades often holds it
    local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q)
    run "${apt[@]}" update
    run "${apt[@]}" install -y --no-install-recommends "${wanted[@]}"
}

create_user() {
    say "user $KIOSK_USER"
    if ! getent passwd "$KIOSK_USER" >/dev/null; then
        run useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home \
            --shell /usr/sbin/nologin --comment "Ward kiosk" "$KIOSK_USER"
    fi
    # lp: ESC/POS printers on /dev/usb/lp*; dialout: serial ESC/POS printers and scanners
    run usermod -a -G lp,dialout "$KIOSK_USER"
}

install_app() {
    say "application in $PREFIX"
    run install -d -m 0755 -o root -g root "$PREFIX" "$PREFIX/src"
    # a clean copy of the tree (no venv, caches or VCS data), owned by root: the display
    # unit runs scripts from it as root, so the kiosk user must not be able to change it
    if [ "$dry_run" -eq 1 ]; then
        printf '+ copy %s -> %s/src\n' "$SRC" "$PREFIX"
    else
        find "$PREFIX/src" -mindepth 1 -delete
        tar -C "$SRC" --exclude=.venv --exclude=.git --exclude='__pycache__' \
            --exclude='.*_cache' --exclude='*.egg-info' --exclude=data -cf - . |
            tar -C "$PREFIX/src" --no-same-owner -xf -
        chown -R root:root "$PREFIX/src"
        chmod -R go-w "$PREFIX/src"
    fi
    local home
    home=$(dirname "$(readlink -f "$PYTHON")")
    if [ -f "$PREFIX/venv/pyvenv.cfg" ] && ! grep -qx "home = $home" "$PREFIX/venv/pyvenv.cfg"; then
        say "rebuilding the venv on $PYTHON"
        run rm -rf "$PREFIX/venv"
    fi
    if [ ! -x "$PREFIX/venv/bin/python" ] || [ "$dry_run" -eq 1 ]; then
        run "$PYTHON" -m venv "$PREFIX/venv"
    fi
    run "$PREFIX/venv/bin/pip" install -q --upgrade pip
    # editable: the app finds config/ and assets/ beside its code, as in development
    run "$PREFIX/venv/bin/pip" install -q -e "$PREFIX/src"
}

install_config() {
    say "settings in $CONF_DIR"
    run install -d -m 2770 -o root -g "$KIOSK_USER" "$CONF_DIR"
    if [ -e "$CONF_DIR/kiosk.toml" ]; then
        say "keeping the existing $CONF_DIR/kiosk.toml"
    else
        run install -m 0660 -o root -g "$KIOSK_USER" "$SRC/config/kiosk.toml" "$CONF_DIR/kiosk.toml"
    fi
    run "$PREFIX/venv/bin/python" -c \
        "import sys; from kiosk.config import load; load(sys.argv[1])" "$CONF_DIR/kiosk.toml"
}

install_system_files() {
    say "systemd units and system snippets"
    local d=$SRC/deploy
    run install -m 0644 "$d/systemd/ward-kiosk.service" /etc/systemd/system/ward-kiosk.service
    run install -m 0644 "$d/systemd/ward-kiosk-display.service" \
        /etc/systemd/system/ward-kiosk-display.service
    run install -m 0644 "$d/tmpfiles.d/ward-kiosk.conf" /etc/tmpfiles.d/ward-kiosk.conf
    run install -m 0644 "$d/logrotate.d/ward-kiosk" /etc/logrotate.d/ward-kiosk
    run install -d -m 0755 /etc/systemd/journald.conf.d /etc/X11/xorg.conf.d \
        /etc/polkit-1/rules.d
    run install -m 0644 "$d/journald/ward-kiosk.conf" /etc/systemd/journald.conf.d/ward-kiosk.conf
    run install -m 0644 "$d/xorg/10-ward-kiosk.conf" /etc/X11/xorg.conf.d/10-ward-kiosk.conf
    run install -m 0644 "$d/polkit/60-ward-kiosk-pcsc.rules" \
        /etc/polkit-1/rules.d/60-ward-kiosk-pcsc.rules
    # data directory (0700), scratch, log directory
    run systemd-tmpfiles --create /etc/tmpfiles.d/ward-kiosk.conf
}

enable_units() {
    say "services"
    local live=1
    [ -d /run/systemd/system ] || live=0
    if [ "$live" -eq 1 ]; then
        run systemctl daemon-reload
    fi
    # enable/disable/set-default also work offline (image builds, containers)
    run systemctl enable pcscd.socket cups.service systemd-timesyncd.service \
        ward-kiosk-display.service ward-kiosk.service
    # the kiosk owns tty1; no login prompt appears on the kiosk screen
    run systemctl disable getty@tty1.service
    run systemctl set-default multi-user.target
    if [ "$start" -eq 1 ] && [ "$live" -eq 1 ]; then
        run systemctl restart systemd-journald.service
        run systemctl restart pcscd.socket cups.service
        run systemctl restart ward-kiosk-display.service ward-kiosk.service
    fi
}

next_steps() {
    cat <<EOT

The kiosk is installed. Next (see $PREFIX/src/docs/technician-guide.md):
  1. edit $CONF_DIR/kiosk.toml (kiosk.id, ward, backend.url, printer, reader)
  2. enrol: put the device token from the city in $DATA_DIR/device-token
     (or use "Enrolment" in technician mode)
  3. PINs:  sudo $PREFIX/venv/bin/kiosk staff add-pin --role technician --label "KTV"
            sudo $PREFIX/venv/bin/kiosk staff add-pin --role staff --label "Quầy 1"
  4. check: sudo -u $KIOSK_USER $PREFIX/venv/bin/kiosk doctor
EOT
}

preflight "$@"
install_packages
create_user
install_app
install_config
install_system_files
enable_units
next_steps
