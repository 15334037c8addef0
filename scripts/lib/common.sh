# Shared helpers of the scripts in scripts/. Source it; it changes nothing by itself.

CHANT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CHANT_RUN_DIR="${CHANT_RUN_DIR:-$CHANT_ROOT/.chant-run}"

# The local token issuer's key directory (docs/auth.md): every service started by scripts/services
# verifies bearer tokens with its public key; spec-service creates the key on its first start and
# signs with it. Only the scripts that start services or mint tokens use it.
CHANT_AUTH_KEY_DIR="${CHANT_AUTH_KEY_DIR:-$CHANT_RUN_DIR/auth}"

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

# Mints a token with the local issuer's key on this machine (the first platform admin's, before any
# admin exists who could ask spec-service): the token on stdout, what it is on stderr. Arguments as
# MintTokenMain's, e.g. mint_token --user demo --platform-admin --ttl 1d
mint_token() {
  local lib="$CHANT_ROOT/spec-service/target/quarkus-app/lib/main"
  [ -d "$lib" ] || die "spec-service is not built ($lib is missing): run ./mvnw -q -DskipTests install"
  java -cp "$lib/*" chant.support.auth.issuer.MintTokenMain --key-dir "$CHANT_AUTH_KEY_DIR" "$@"
}
