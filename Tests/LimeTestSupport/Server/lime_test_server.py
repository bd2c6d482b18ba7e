#!/usr/bin/env python3
"""A stand-in for Lime CRM's REST API, for LimeStream's sender tests.

Binds 127.0.0.1 only, on a free port printed as the first line of stdout. Implements what the
sender uses: GET /APP/api/v1/limeobject/TYPE/?prop=value&_limit=N and POST /APP/api/v1/limeobject/TYPE/,
with X-API-Key checked (401 when wrong). Faults are injected at a seeded rate:
429 with Retry-After, 500/502/503, a dropped connection, a response lost after the object was
stored, a response slower than the client's timeout, and an early answer (429 or 503 before the
POST body was read, on a connection kept open, as some proxies do). With --store-partial the
server stores a POST whose body stopped short (an empty object when nothing came), as a Lime
server that keeps what it got would. It counts connections, and POSTs that arrived on a
connection that had carried a request before (a create that is not single-shot), and requests
sent behind an unread body after an early answer (glued requests). GET /_state
dumps the store and the counters; POST /_control changes the fault settings. Standard library only.

It also knows limetype schemas, as GET /APP/api/v1/limetype/NAME/?_embed=properties answers them
(a standard application's person, company, coworker and history to begin with; POST /_control
{"schemas": {"NAME": SCHEMA or null}} adds, replaces or removes some), served without faults and
outside the request counter, and PUT /APP/api/v1/limeobject/TYPE/ID/ changes a stored object.
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
parser.add_argument("--faults", default="429,500,502,503,drop,lost,slow,early")
parser.add_argument("--slow-seconds", type=float, default=1.5)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--store-partial", action="store_true")
parser.add_argument("--body-timeout", type=float, default=5.0)
options = parser.parse_args()

lock = threading.Lock()
store = {}  # limetype -> list of objects
index = {}  # (limetype, property, str(value)) -> objects with that value, in store order
next_id = [1000]
def prop(name, kind="string", required=False, length=None, options=None, related=None):
    entry = {"name": name, "type": kind, "required": required, "length": length, "_links": {}}
    if options is not None:
        entry["options"] = [{"key": key, "text": key.title(), "inactive": False} for key in options]
    if related:
        entry["_links"]["related_type"] = {"href": "/%s/api/v1/limetype/%s/" % (options_app(), related)}
    return entry


def options_app():
    return options.app


def schema(name, *properties):
    return {"name": name, "_embedded": {"properties": list(properties)}}


# A standard application's limetypes, as the default mapping expects them.
schemas = {
    "person": schema("person", prop("firstname"), prop("lastname"), prop("email"), prop("phone"), prop("mobilephone"),
                     prop("company", "belongsto", related="company")),
    "company": schema("company", prop("name", required=True), prop("phone"), prop("www")),
    "coworker": schema("coworker", prop("firstname"), prop("lastname"), prop("email")),
    "history": schema("history", prop("type", "option", required=True, options=["comment", "talkedto", "customervisit"]),
                      prop("date", "time"), prop("note", "text", length=0), prop("userlikeconversationid"),
                      prop("person", "belongsto", related="person"), prop("company", "belongsto", related="company"),
                      prop("coworker", "belongsto", related="coworker"), prop("helpdesk", "belongsto", related="helpdesk"),
                      prop("deal", "belongsto", related="deal")),
}

settings = {"rate": options.fault_rate, "faults": options.faults.split(","), "slow": options.slow_seconds, "status": None}
rng = random.Random(options.seed)
counts = {"requests": 0, "faults": {}, "connections": 0, "reused_posts": 0, "partial_bodies": 0, "bad_requests": 0,
          "glued_requests": 0, "by_method": {}}


def parse_object(body):
    """The JSON object in `body`, or None when it is not one."""
    try:
        value = json.loads(body)
    except Exception:
        return None
    return value if isinstance(value, dict) else None


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

    def setup(self):
        super().setup()
        # Headers and body go out in two writes; without this, Nagle's algorithm holds the body
        # back until the client's delayed ACK of the headers (40 ms a response on Linux).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.served = 0  # requests on this connection so far
        with lock:
            counts["connections"] += 1

    def send_error(self, code, message=None, explain=None):
        # A request line or headers that do not parse: what a request glued to an unread body gets.
        with lock:
            counts["bad_requests"] += 1
        super().send_error(code, message, explain)

    def begin(self, method):
        """Counts a request; True when it is the first on its connection."""
        first = self.served == 0
        self.served += 1
        with lock:
            counts["by_method"][method] = counts["by_method"].get(method, 0) + 1
            if method == "POST" and not first and self.path != "/_control":
                counts["reused_posts"] += 1
        return first

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

    def schema_name(self):
        """NAME for /APP/api/v1/limetype/NAME/, else None."""
        path = urlparse(self.path).path
        prefix = "/%s/api/v1/limetype/" % options.app
        if not path.startswith(prefix):
            return None
        parts = [p for p in path[len(prefix):].split("/") if p]
        return parts[0] if len(parts) == 1 else None

    def api_path(self):
        path = urlparse(self.path).path
        prefix = "/%s/api/v1/limeobject/" % options.app
        if not path.startswith(prefix):
            return None
        parts = [p for p in path[len(prefix):].split("/") if p]
        return parts

    def read_body(self):
        """The body, and whether all of it came within the body timeout."""
        length = int(self.headers.get("Content-Length") or 0)
        if not length:
            return b"", True
        self.connection.settimeout(options.body_timeout)
        data = b""
        try:
            while len(data) < length:
                piece = self.rfile.read1(length - len(data))
                if not piece:
                    break
                data += piece
        except OSError:
            pass
        finally:
            self.connection.settimeout(None)
        return data, len(data) == length

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
        elif fault == "early":
            # Answered before the body was read, and the connection stays open: whatever the
            # client sends next on it starts with the unread body.
            self.reply(429 if rng.random() < 0.5 else 503, {"error": "early"}, {"Retry-After": "0"})
        return True

    def after_early_answer(self):
        """The connection stays open with the body unread. A client that sends another request on
        it sends it behind that body: the server sees a request glued to a body (it counts it and
        answers 400, as a real server would to the garbled bytes). A client that closes the
        connection (or leaves it idle for 2 s) has it closed."""
        length = int(self.headers.get("Content-Length") or 0)
        self.close_connection = True
        self.connection.settimeout(2.0)
        try:
            unread = length
            while unread > 0:
                piece = self.rfile.read1(unread)
                if not piece:
                    return
                unread -= len(piece)
            if self.rfile.read1(1):
                with lock:
                    counts["glued_requests"] += 1
                self.reply(400, {"error": "request glued to an unread body"})
        except OSError:
            pass
        finally:
            self.connection.settimeout(None)

    def authorized(self):
        if self.headers.get("X-API-Key") != options.key:
            self.reply(401, {"error": "invalid API key"})
            return False
        return True

    def read_api_write(self):
        """The start of a POST or PUT: checks the key, injects a fault (an early answer before the
        body, or one after it) and reads the body. (fault, body, complete), or None when the
        request has been answered already."""
        if not self.authorized():
            return None
        fault = pick_fault()
        if fault == "early":
            self.handle_fault(fault)
            self.after_early_answer()
            return None
        body, complete = self.read_body()
        if self.handle_fault(fault):
            return None
        return fault, body, complete

    def do_GET(self):
        if self.path == "/_state":
            with lock:
                self.reply(200, {"objects": store, "counts": counts})
            return
        self.begin("GET")
        self.read_body()
        if not self.authorized():
            return
        name = self.schema_name()
        if name is not None:
            with lock:
                found = schemas.get(name)
            if found is None:
                self.reply(404, {"error": "no limetype %s" % name})
            else:
                self.reply(200, found)
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
            if filters:
                # Narrow by one filter through the index, then check the others.
                name, value = next(iter(filters.items()))
                candidates = index.get((limetype, name, value), [])
            else:
                candidates = store.get(limetype, [])
            found = [o for o in candidates if all(str(o.get(k)) == v for k, v in filters.items())]
        self.reply(200, {"_embedded": {"limeobjects": found[:limit]}, "_links": {}})

    def do_POST(self):
        self.begin("POST")
        if self.path == "/_control":
            body, _ = self.read_body()
            change = json.loads(body or b"{}")
            with lock:
                for name, value in change.pop("schemas", {}).items():
                    if value is None:
                        schemas.pop(name, None)
                    else:
                        schemas[name] = value
                settings.update(change)
            self.reply(200, settings)
            return
        request = self.read_api_write()
        if request is None:
            return
        fault, body, complete = request
        parts = self.api_path()
        if not parts or len(parts) != 1:
            self.reply(404, {"error": "not found"})
            return
        if not complete:
            with lock:
                counts["partial_bodies"] += 1
            if options.store_partial:
                # Keep what came, as a server that stores partial input would: a short body that
                # does not parse becomes an object without properties.
                properties = parse_object(body) or {}
            else:
                self.close_connection = True
                self.reply(400, {"error": "incomplete body"})
                return
        else:
            properties = parse_object(body)
            if properties is None:
                self.reply(400, {"error": "invalid body"})
                return
        with lock:
            next_id[0] += 1
            obj = dict(properties)
            obj["_id"] = next_id[0]
            store.setdefault(parts[0], []).append(obj)
            for name, value in obj.items():
                index.setdefault((parts[0], name, str(value)), []).append(obj)
        if fault == "lost":
            self.drop()  # stored, but the response never arrives
            return
        self.reply(201, obj)


    def do_PUT(self):
        self.begin("PUT")
        request = self.read_api_write()
        if request is None:
            return
        fault, body, complete = request
        parts = self.api_path()
        if not parts or len(parts) != 2 or not complete:
            self.reply(404 if complete else 400, {"error": "not found" if complete else "incomplete body"})
            return
        properties = parse_object(body)
        if properties is None:
            self.reply(400, {"error": "invalid body"})
            return
        with lock:
            found = [o for o in store.get(parts[0], []) if str(o["_id"]) == parts[1]]
            if not found:
                obj = None
            else:
                obj = found[0]
                for name, value in properties.items():
                    if name == "_id":
                        continue
                    old = index.get((parts[0], name, str(obj.get(name))), [])
                    old[:] = [o for o in old if o is not obj]
                    obj[name] = value
                    index.setdefault((parts[0], name, str(value)), []).append(obj)
        if obj is None:
            self.reply(404, {"error": "no object %s" % parts[1]})
            return
        if fault == "lost":
            self.drop()  # changed, but the response never arrives
            return
        self.reply(200, obj)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
