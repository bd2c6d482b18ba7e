#!/usr/bin/env python3
"""A stand-in for Lime CRM's REST API, for LimeStream's sender tests.

Binds 127.0.0.1 only, on a free port printed as the first line of stdout. Implements what the
sender uses: GET /APP/api/v1/limeobject/TYPE/?prop=value&_limit=N and POST /APP/api/v1/limeobject/TYPE/,
with X-API-Key checked (401 when wrong). Faults are injected at a seeded rate:
429 with Retry-After, 500/502/503, a dropped connection, a response lost after the object was
stored, and a response slower than the client's timeout. GET /_state dumps the store; POST /_control
changes the fault settings. Standard library only.
"""
import argparse
import json
import random
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

parser = argparse.ArgumentParser()
parser.add_argument("--key", required=True)
parser.add_argument("--app", default="app")
parser.add_argument("--fault-rate", type=float, default=0.0)
parser.add_argument("--faults", default="429,500,502,503,drop,lost,slow")
parser.add_argument("--slow-seconds", type=float, default=1.5)
parser.add_argument("--seed", type=int, default=1)
options = parser.parse_args()

lock = threading.Lock()
store = {}  # limetype -> list of objects
next_id = [1000]
settings = {"rate": options.fault_rate, "faults": options.faults.split(","), "slow": options.slow_seconds, "status": None}
rng = random.Random(options.seed)
counts = {"requests": 0, "faults": {}}


def pick_fault():
    with lock:
        counts["requests"] += 1
        if settings["status"]:
            return "status:%d" % settings["status"]
        if settings["faults"] and rng.random() < settings["rate"]:
            fault = rng.choice(settings["faults"])
            counts["faults"][fault] = counts["faults"].get(fault, 0) + 1
            return fault
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/hal+json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def drop(self):
        # Close without a response: the client sees a dropped connection.
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True

    def api_path(self):
        path = urlparse(self.path).path
        prefix = "/%s/api/v1/limeobject/" % options.app
        if not path.startswith(prefix):
            return None
        parts = [p for p in path[len(prefix):].split("/") if p]
        return parts

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def handle_fault(self, fault, allow_lost=False):
        if fault is None or fault == "lost":
            return False
        if fault.startswith("status:"):
            self.reply(int(fault[7:]), {"error": "forced"})
            return True
        if fault == "429":
            self.reply(429, {"error": "too many requests"}, {"Retry-After": "1" if rng.random() < 0.3 else "0"})
        elif fault in ("500", "502", "503"):
            self.reply(int(fault), {"error": "server error"})
        elif fault == "drop":
            self.drop()
        elif fault == "slow":
            time.sleep(settings["slow"])
            self.reply(503, {"error": "slow"})
        return True

    def authorized(self):
        if self.headers.get("X-API-Key") != options.key:
            self.reply(401, {"error": "invalid API key"})
            return False
        return True

    def do_GET(self):
        if self.path == "/_state":
            with lock:
                self.reply(200, {"objects": store, "counts": counts})
            return
        body = self.read_body()
        if not self.authorized():
            return
        fault = pick_fault()
        if self.handle_fault(fault):
            return
        parts = self.api_path()
        if not parts:
            self.reply(404, {"error": "not found"})
            return
        limetype = parts[0]
        query = parse_qs(urlparse(self.path).query)
        filters = {k: v[0] for k, v in query.items() if not k.startswith("_")}
        limit = int(query.get("_limit", ["100"])[0])
        with lock:
            found = [o for o in store.get(limetype, []) if all(str(o.get(k)) == v for k, v in filters.items())]
        self.reply(200, {"_embedded": {"limeobjects": found[:limit]}, "_links": {}})

    def do_POST(self):
        body = self.read_body()
        if self.path == "/_control":
            with lock:
                settings.update(json.loads(body or b"{}"))
            self.reply(200, settings)
            return
        if not self.authorized():
            return
        fault = pick_fault()
        if self.handle_fault(fault):
            return
        parts = self.api_path()
        if not parts or len(parts) != 1:
            self.reply(404, {"error": "not found"})
            return
        try:
            properties = json.loads(body)
            assert isinstance(properties, dict)
        except Exception:
            self.reply(400, {"error": "invalid body"})
            return
        with lock:
            next_id[0] += 1
            obj = dict(properties)
            obj["_id"] = next_id[0]
            store.setdefault(parts[0], []).append(obj)
        if fault == "lost":
            self.drop()  # stored, but the response never arrives
            return
        self.reply(201, obj)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
