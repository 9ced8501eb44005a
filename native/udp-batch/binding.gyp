# The batched UDP sender (udp_batch.c), built by scripts/install.sh with npm's bundled node-gyp
# (`node-gyp rebuild` in this folder). Plain Node-API in C: no npm dependency, and the binary
# works with any Node release of the same Node-API version or newer.
{
  "targets": [
    {
      "target_name": "udp_batch",
      "sources": ["udp_batch.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
