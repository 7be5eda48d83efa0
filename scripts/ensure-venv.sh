# Sourced by ./run-app and ./run-tests: make .venv from pyproject.toml if it is
# missing or older than pyproject.toml. Usage: ensure_venv "" | ensure_venv test
ensure_venv() {
    local extra="${1:-}" spec="." stamp
    [ -n "$extra" ] && spec=".[$extra]"
    stamp=".venv/.installed${extra:+-$extra}"
    if [ ! -x .venv/bin/python ]; then
        if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "intake-app needs Python 3.11 or newer as python3." >&2
            return 1
        fi
        echo "Creating .venv (first run only)..." >&2
        python3 -m venv .venv || {
            echo "Could not create a virtual environment; on Debian/Ubuntu: sudo apt-get install python3-venv" >&2
            return 1
        }
    fi
    if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
        echo "Installing intake-app ${extra:+with its $extra tools }into .venv..." >&2
        .venv/bin/python -m pip install --quiet --upgrade pip
        .venv/bin/python -m pip install --quiet --editable "$spec"
        touch "$stamp"
    fi
}
