#!/usr/bin/env python3
"""A fault-injecting HTTP/1.1 reverse proxy in front of a local moto server (stdlib only).

    python3 tests/e2e/fault_proxy.py --upstream http://127.0.0.1:MOTO_PORT \
        [--port 0] [--throttle-every N] [--error500-every N] [--drop-every N] \
        [--seed S] [--stats FILE] [--verbose]

The first line on stdout is `PORT <n>` (flushed): point the client at http://127.0.0.1:<n>.

Every request (method, path and query, headers including Authorization and Host, body) is
forwarded to the upstream unchanged, and the upstream's answer is returned unchanged except
for hop-by-hop headers (Connection, Keep-Alive, Transfer-Encoding, ...); Content-Length is
always set, so HTTP/1.1 keep-alive works for clients such as libcurl that reuse connections.

Faults, on a deterministic schedule. Requests are numbered 1, 2, 3, ... in arrival order
(one counter shared by all threads, under a lock); request number n gets
  * --drop-every N:     no response at all, the connection is closed      (n % N == 0)
  * --error500-every N: HTTP 500 InternalFailure                          (n % N == 0)
  * --throttle-every N: HTTP 400 Throttling / ThrottlingException         (n % N == 0)
checked in that order when several match. The error bodies follow the request's protocol:
  * JSON protocols (an X-Amz-Target header): content-type application/x-amz-json-1.1 and
    {"__type":"ThrottlingException","message":"Rate exceeded"} (or InternalFailure for 500);
  * S3 (credential scope service s3): 503 <Error><Code>SlowDown</Code>... for throttling,
    500 <Error><Code>InternalError</Code>... for errors;
  * everything else (query protocol: IAM, STS, EC2, ...): text/xml
    <ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded
    </Message></Error><RequestId>...</RequestId></ErrorResponse> (Type Receiver and Code
    InternalFailure for 500). With --ec2-native-errors, EC2 requests get EC2's own shape
    <Response><Errors><Error><Code>RequestLimitExceeded</Code>... instead.

No request is faulted twice in a row: when the previous request with the same key
(method, path and query, Host, the region and service of the SigV4 credential scope,
X-Amz-Target, body) was faulted, this one is forwarded even if its number is scheduled
for a fault (the fault is skipped, not moved, and counted in "skipped_repeats"). So a
client that retries an identical request gets through on its first retry, whatever the
schedule (even with every fault at N=1). SigV4 retries differ only in X-Amz-Date and the
signature, which are not part of the key; the same call in two regions has two keys.
Limit: decisions for one key alternate fault/forward in arrival order, so when k identical
requests (same key) are in flight at once, another one may take the forward slot and a
single request can be faulted up to k times in a row; give such clients >= k+1 attempts.

Note that libcurl silently resends a request once on a new connection when a *reused*
connection is closed before any byte of a response; such a resend is an identical request,
so a dropped request may never reach the application as an error.

Counts: `GET /__faults` (never forwarded, never counted) answers
{"requests": ..., "throttled": ..., "errors500": ..., "dropped": ..., ...}; on SIGTERM or
SIGINT the same JSON is printed on stdout and, with --stats FILE, written to FILE, and the
proxy exits 0. --seed S seeds the generator for the fault responses' request ids.

--truncate-action ACTION forwards calls of ACTION (form `Action=ACTION` or an X-Amz-Target
ending in `.ACTION`) but returns only the first half of the upstream's body, with a matching
Content-Length: a well-formed HTTP answer carrying a truncated document.

Only loopback addresses are used, for listening and for the upstream.
"""

import argparse
import hashlib
import http.client
import http.server
import ipaddress
import json
import random
import re
import signal
import socket
import sys
import threading
import urllib.parse

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "expect",
}

SCOPE_RE = re.compile(r"Credential=[^/,\s]+/\d{8}/([^/,\s]+)/([^/,\s]+)/aws4_request")


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class State:
    """Schedule and counters, shared by every handler thread."""

    def __init__(self, args):
        self.lock = threading.Lock()
        self.throttle_every = args.throttle_every
        self.error500_every = args.error500_every
        self.drop_every = args.drop_every
        self.ec2_native = args.ec2_native_errors
        self.truncate_action = args.truncate_action
        self.rng = random.Random(args.seed)
        self.n = 0
        self.counts = {
            "requests": 0,
            "forwarded": 0,
            "throttled": 0,
            "errors500": 0,
            "dropped": 0,
            "skipped_repeats": 0,
            "upstream_failures": 0,
            "truncated": 0,
        }
        self.faulted_last = set()  # keys whose latest request was faulted

    def decide(self, key):
        """The fault for the next request with this key: None, 'drop', '500' or 'throttle'."""
        with self.lock:
            self.n += 1
            self.counts["requests"] += 1
            n = self.n
            fault = None
            if self.drop_every and n % self.drop_every == 0:
                fault = "drop"
            elif self.error500_every and n % self.error500_every == 0:
                fault = "500"
            elif self.throttle_every and n % self.throttle_every == 0:
                fault = "throttle"
            if fault and key in self.faulted_last:
                self.counts["skipped_repeats"] += 1
                fault = None
            if fault:
                self.faulted_last.add(key)
                self.counts[{"drop": "dropped", "500": "errors500", "throttle": "throttled"}[
                    fault
                ]] += 1
            else:
                self.faulted_last.discard(key)
                self.counts["forwarded"] += 1
            return fault

    def request_id(self):
        with self.lock:
            return "%08x-%04x-4%03x-8%03x-%012x" % (
                self.rng.getrandbits(32),
                self.rng.getrandbits(16),
                self.rng.getrandbits(12),
                self.rng.getrandbits(12),
                self.rng.getrandbits(48),
            )

    def add(self, name):
        with self.lock:
            self.counts[name] += 1

    def snapshot(self):
        with self.lock:
            return dict(self.counts)


def error_response(state, fault, headers):
    """(status, headers, body) of an injected error, in the request's protocol."""
    rid = state.request_id()
    auth = headers.get("Authorization", "")
    m = SCOPE_RE.search(auth)
    service = m.group(2) if m else ""
    throttle = fault == "throttle"
    if headers.get("X-Amz-Target"):
        code = "ThrottlingException" if throttle else "InternalFailure"
        msg = "Rate exceeded" if throttle else "An internal error occurred (injected)"
        body = json.dumps({"__type": code, "message": msg}, separators=(",", ":"))
        return (400 if throttle else 500,
                [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-RequestId", rid)],
                body.encode())
    if service == "s3":
        code, msg, status = (
            ("SlowDown", "Please reduce your request rate.", 503)
            if throttle
            else ("InternalError", "We encountered an internal error. Please try again.", 500)
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{code}</Code><Message>{msg}</Message>"
            f"<RequestId>{rid}</RequestId></Error>"
        )
        return status, [("Content-Type", "application/xml"), ("x-amz-request-id", rid)], body.encode()
    if service == "ec2" and state.ec2_native:
        code, msg = (
            ("RequestLimitExceeded", "Request limit exceeded.")
            if throttle
            else ("InternalError", "An internal error has occurred.")
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Response><Errors><Error><Code>{code}</Code><Message>{msg}</Message></Error>"
            f"</Errors><RequestID>{rid}</RequestID></Response>"
        )
        return (503 if throttle else 500), [("Content-Type", "text/xml;charset=UTF-8")], body.encode()
    typ, code, msg = (
        ("Sender", "Throttling", "Rate exceeded")
        if throttle
        else ("Receiver", "InternalFailure", "An internal error occurred (injected)")
    )
    body = (
        f"<ErrorResponse><Error><Type>{typ}</Type><Code>{code}</Code>"
        f"<Message>{msg}</Message></Error><RequestId>{rid}</RequestId></ErrorResponse>"
    )
    return (400 if throttle else 500,
            [("Content-Type", "text/xml"), ("x-amzn-RequestId", rid)], body.encode())


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "canopy-fault-proxy"
    sys_version = ""
    # Set on the class before the server starts.
    state = None
    upstream_host = "127.0.0.1"
    upstream_port = 80
    verbose = False

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        if self.verbose:
            sys.stderr.write("fault_proxy: " + (format % args) + "\n")

    def read_body(self):
        te = self.headers.get("Transfer-Encoding", "")
        if "chunked" in te.lower():
            chunks = []
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    raise ConnectionError("eof in chunked body")
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)  # CRLF after the chunk
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def send_full(self, status, headers, body, head=False, reason=None):
        """Writes a whole response; the body always has a Content-Length (keep-alive)."""
        self.send_response_only(status, reason)
        names = {name.lower() for name, _ in headers}
        if "date" not in names:
            self.send_header("Date", self.date_time_string())
        if "server" not in names:
            self.send_header("Server", self.server_version)
        length = None
        for name, value in headers:
            if name.lower() == "content-length":
                length = value
                continue
            self.send_header(name, value)
        no_body = status in (204, 304) or 100 <= status < 200
        if head and length is None and body:
            length = str(len(body))  # an injected fault: the size its GET would have
        if head:
            if length is not None and not no_body:
                self.send_header("Content-Length", length)
        elif not no_body:
            self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if not head and not no_body and body:
            self.wfile.write(body)
        self.wfile.flush()

    def stats_page(self):
        body = json.dumps(self.state.snapshot(), sort_keys=True).encode()
        self.send_full(200, [("Content-Type", "application/json")], body)

    def forward(self, method, body):
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP]
        for attempt in (1, 2):
            conn = http.client.HTTPConnection(self.upstream_host, self.upstream_port, timeout=300)
            try:
                conn.putrequest(method, self.path, skip_host=True, skip_accept_encoding=True)
                for k, v in headers:
                    if k.lower() == "content-length":
                        continue
                    conn.putheader(k, v)
                if body or method in ("POST", "PUT", "PATCH"):
                    conn.putheader("Content-Length", str(len(body)))
                conn.endheaders(body if body else None)
                resp = conn.getresponse()
                data = resp.read()
                return resp.status, resp.reason, resp.getheaders(), data
            except (ConnectionError, http.client.HTTPException, socket.timeout, OSError):
                self.state.add("upstream_failures")
                if attempt == 2:
                    raise
            finally:
                conn.close()

    def handle_any(self):
        method = self.command
        try:
            body = self.read_body()
        except (ValueError, ConnectionError):
            self.close_connection = True
            return
        if self.headers.get("Connection", "").lower() == "close":
            self.close_connection = True
        if method == "GET" and self.path.split("?", 1)[0] == "/__faults":
            self.stats_page()
            return
        target = self.headers.get("X-Amz-Target", "")
        scope = SCOPE_RE.search(self.headers.get("Authorization", ""))
        key = hashlib.sha256(
            b"\0".join(
                [
                    method.encode(),
                    self.path.encode(),
                    self.headers.get("Host", "").encode(),
                    (scope.group(1) + "/" + scope.group(2)).encode() if scope else b"",
                    target.encode(),
                    body,
                ]
            )
        ).digest()
        fault = self.state.decide(key)
        if fault == "drop":
            self.close_connection = True
            return  # nothing written; the server closes the socket
        if fault:
            status, headers, err = error_response(self.state, fault, self.headers)
            self.send_full(status, headers, err, head=(method == "HEAD"))
            return
        try:
            status, reason, headers, data = self.forward(method, body)
        except Exception as e:  # noqa: BLE001 (any upstream failure becomes a 502)
            msg = f"fault_proxy: upstream failed: {e}".encode()
            self.close_connection = True
            self.send_full(502, [("Content-Type", "text/plain")], msg)
            return
        out = [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP]
        if self.state.truncate_action and self.names_action(body, target):
            data = data[: len(data) // 2]  # a complete HTTP answer whose body is cut short
            self.state.add("truncated")
        self.send_full(status, out, data, head=(method == "HEAD"), reason=reason)

    def names_action(self, body, target):
        action = self.state.truncate_action
        return (b"Action=" + action.encode()) in body or target.endswith("." + action)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = handle_any


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--upstream", required=True, help="moto URL, http://127.0.0.1:PORT")
    ap.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    ap.add_argument("--port", type=int, default=0, help="port to listen on (0: a free one)")
    ap.add_argument("--throttle-every", type=int, default=0, metavar="N")
    ap.add_argument("--error500-every", type=int, default=0, metavar="N")
    ap.add_argument("--drop-every", type=int, default=0, metavar="N")
    ap.add_argument("--ec2-native-errors", action="store_true",
                    help="EC2 faults in EC2's <Response><Errors> shape (RequestLimitExceeded)")
    ap.add_argument("--truncate-action", metavar="ACTION", default="",
                    help="cut the answer body of every ACTION call in half (a malformed answer)")
    ap.add_argument("--seed", type=int, default=0, help="seed for the injected request ids")
    ap.add_argument("--stats", metavar="FILE", help="write the counts here as JSON at exit")
    ap.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = ap.parse_args()

    up = urllib.parse.urlsplit(args.upstream)
    if up.scheme != "http" or not up.hostname or not is_loopback(up.hostname):
        sys.exit(f"fault_proxy: --upstream must be http://<loopback>:PORT, not {args.upstream!r}")
    if not is_loopback(args.host):
        sys.exit(f"fault_proxy: --host must be a loopback address, not {args.host!r}")
    for name in ("throttle_every", "error500_every", "drop_every"):
        if getattr(args, name) < 0:
            sys.exit(f"fault_proxy: --{name.replace('_', '-')} must be >= 0")

    Handler.state = State(args)
    Handler.upstream_host = up.hostname
    Handler.upstream_port = up.port or 80
    Handler.verbose = args.verbose
    server = Server((args.host, args.port), Handler)

    def on_signal(signum, frame):
        # shutdown() waits for serve_forever() to return: call it from another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        stats = json.dumps(Handler.state.snapshot(), sort_keys=True)
        if args.stats:
            with open(args.stats, "w") as f:
                f.write(stats + "\n")
        print(stats, flush=True)


if __name__ == "__main__":
    main()
