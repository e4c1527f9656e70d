#!/usr/bin/env python3
"""One Coolbpf remote-compile command, sent and read the way surftrace's lbcClient.py does.

The request is what ClbcClient builds: the command dict in the client's key order
(getObj/getC: cmd, code, ver, arch, env; getBtf: arch, ver, cmd), json.dumps([send]) as the
body of a POST to http://SERVER:PORT/lbc with a 'Connection: close' header and no content type.
The client uses the requests library; http.client (the standard library under it) sends the
same request without a third-party package. The answer is read as ClbcClient._post reads it:
rd['code'] must be 200, rd['res'][0]['log'] must be 'ok.', and on failure 'clog' is printed.

Usage: lbc_post.py PORT CMD VER ARCH [CODE_FILE] [--env=FLAGS] --out FILE [--source-address ADDR]
Prints one JSON line: {"http", "code", "log", "clog", "keys", "closest"}; writes the base64
payload (so/obj/btf), decoded, to FILE. Exit 0 when log is 'ok.', 3 when code != 200, 4 when
log is not 'ok.'.
"""
import argparse
import base64
import http.client
import json
import sys

parser = argparse.ArgumentParser()
parser.add_argument("port", type=int)
parser.add_argument("cmd")
parser.add_argument("ver")
parser.add_argument("arch")
parser.add_argument("code_file", nargs="?")
parser.add_argument("--env", default="", help="extra flags; give it as --env=VALUE, since a value starts with -")
parser.add_argument("--out", required=True)
parser.add_argument("--source-address", default="")
args = parser.parse_args()

if args.cmd == "btf":
    send = {"arch": args.arch, "ver": args.ver, "cmd": "btf"}
else:
    with open(args.code_file) as f:
        code = f.read()
    send = {"cmd": args.cmd, "code": code, "ver": args.ver, "arch": args.arch, "env": args.env}

body = json.dumps([send])
source = (args.source_address, 0) if args.source_address else None
conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=300, source_address=source)
conn.request("POST", "/lbc", body=body, headers={"Connection": "close"})
res = conn.getresponse()
text = res.read().decode()

rd = json.loads(text.encode())
summary = {"http": res.status, "code": rd.get("code") if isinstance(rd, dict) else None}
if not isinstance(rd, dict) or rd.get("code") != 200:
    summary["body"] = rd
    print(json.dumps(summary))
    sys.exit(3)
ret = rd["res"][0]
summary.update({"log": ret["log"], "clog": ret.get("clog"), "keys": sorted(ret.keys()), "closest": ret.get("closest")})
payload = {"c": "so", "obj": "obj", "btf": "btf"}.get(args.cmd)
if ret["log"] != "ok.":
    if "clog" in ret:
        print("compile failed.\n%s\n" % ret["clog"], file=sys.stderr)
    summary["payload_is_null"] = payload in ret and ret[payload] is None
    print(json.dumps(summary))
    sys.exit(4)
with open(args.out, "wb") as f:
    f.write(base64.b64decode(ret[payload]))
print(json.dumps(summary))
