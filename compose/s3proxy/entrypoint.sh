#!/bin/bash
# s3proxy on its filesystem-nio2 provider under /data, path-style (no virtual hosts), AWS
# signatures v2 or v4 with one access key: S3PROXY_ACCESS_KEY / S3PROXY_SECRET_KEY. The bucket
# S3PROXY_BUCKET is created (a directory under /data) before the server starts.
set -euo pipefail
: "${S3PROXY_ACCESS_KEY:?set S3PROXY_ACCESS_KEY}" "${S3PROXY_SECRET_KEY:?set S3PROXY_SECRET_KEY}"
: "${S3PROXY_BUCKET:?set S3PROXY_BUCKET}"
[[ $S3PROXY_BUCKET =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] || { echo "S3PROXY_BUCKET '$S3PROXY_BUCKET' is not a valid bucket name" >&2; exit 2; }
mkdir -p "/data/$S3PROXY_BUCKET"
props=$(mktemp /tmp/s3proxy.XXXXXX.properties)
cat >"$props" <<PROPS
s3proxy.endpoint=http://0.0.0.0:${S3PROXY_PORT:-9000}
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${S3PROXY_ACCESS_KEY}
s3proxy.credential=${S3PROXY_SECRET_KEY}
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=/data
jclouds.identity=${S3PROXY_ACCESS_KEY}
jclouds.credential=${S3PROXY_SECRET_KEY}
PROPS
echo "bpfforge-s3proxy: bucket $S3PROXY_BUCKET in /data, port ${S3PROXY_PORT:-9000}, path-style"
exec java ${JAVA_OPTS:-} -jar /opt/s3proxy/s3proxy.jar --properties "$props"
