# Shared helpers of the scripts in scripts/. Source it; it changes nothing by itself.

CHANT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CHANT_RUN_DIR="${CHANT_RUN_DIR:-$CHANT_ROOT/.chant-run}"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Git commits need an identity; set a global one only when none is configured.
ensure_git_identity() {
  git config --global user.name >/dev/null 2>&1 || git config --global user.name "Chant Platform"
  git config --global user.email >/dev/null 2>&1 || git config --global user.email "chant@localhost"
}

ensure_java() {
  command -v java >/dev/null 2>&1 || die "Java 17 or newer is needed (apt-get install openjdk-17-jdk-headless)"
}

mvnw() {
  (cd "$CHANT_ROOT" && ./mvnw -B "$@")
}
