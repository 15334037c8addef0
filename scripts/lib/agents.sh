# Installs what the agent tests and agent-service need to run agents. Source it after common.sh;
# it changes nothing by itself. Each function is safe to run any number of times.

# The Claude Code CLI version the platform is tested with (docs/agent-service.md).
CHANT_CLAUDE_CLI_VERSION="${CHANT_CLAUDE_CLI_VERSION:-2.1.328}"
CHANT_TOOLS_DIR="${CHANT_TOOLS_DIR:-$CHANT_ROOT/.chant-tools}"

agents_log() { printf '[agents] %s\n' "$*" >&2; }

# bubblewrap (bwrap): the sandbox every agent runs in.
ensure_bubblewrap() {
  if command -v bwrap >/dev/null 2>&1; then
    return 0
  fi
  agents_log "bubblewrap is not installed: installing it with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq bubblewrap >/dev/null 2>&1; then
    # A fresh machine may have no package lists yet.
    apt-get update -qq >/dev/null
    apt-get install -y -qq bubblewrap >/dev/null
  fi
  command -v bwrap >/dev/null 2>&1 || die "bubblewrap did not install (apt-get install bubblewrap)"
}

# The pinned Claude Code CLI in a project-local directory; exports CHANT_CLAUDE_CLI (its launcher).
ensure_claude_cli() {
  local prefix="$CHANT_TOOLS_DIR/claude-code"
  local package="$prefix/node_modules/@anthropic-ai/claude-code/package.json"
  if ! command -v npm >/dev/null 2>&1; then
    agents_log "npm is not installed: installing nodejs and npm with apt-get (only to install the Claude Code CLI)"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -qq nodejs npm >/dev/null 2>&1; then
      apt-get update -qq >/dev/null
      apt-get install -y -qq nodejs npm >/dev/null
    fi
    command -v npm >/dev/null 2>&1 || die "npm did not install (apt-get install nodejs npm)"
  fi
  local installed=""
  if [ -f "$package" ]; then
    installed="$(node -p "require('$package').version" 2>/dev/null || true)"
  fi
  if [ "$installed" != "$CHANT_CLAUDE_CLI_VERSION" ]; then
    agents_log "installing @anthropic-ai/claude-code@$CHANT_CLAUDE_CLI_VERSION into $prefix"
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
      "@anthropic-ai/claude-code@$CHANT_CLAUDE_CLI_VERSION" >/dev/null
  fi
  export CHANT_CLAUDE_CLI="$prefix/node_modules/.bin/claude"
  [ -x "$CHANT_CLAUDE_CLI" ] || die "the Claude Code CLI is missing at $CHANT_CLAUDE_CLI after npm install"
}
