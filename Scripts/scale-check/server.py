"""The image host for Scripts/scale-check.sh: serves ROOT's files on 127.0.0.1 only.

`/held/<path>` answers like `/<path>`, but only once the file HOLD no longer exists: until then
the request waits, and its path is appended to ROOT/../held-requests.log, so the check can cancel a
task while its fetches are in flight. Every request (path and query) is appended to ROOT/../requests.log. The
server writes its port to PORT_FILE and exits by itself after --lifetime seconds.
"""

import argparse
import http.server
import os
import threading
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("port_file")
    parser.add_argument("--hold", required=True, help="while this file exists, /held/ requests wait")
    parser.add_argument("--lifetime", type=float, default=600)
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    logs = os.path.dirname(root)
    log_lock = threading.Lock()

    def log(name, line):
        with log_lock, open(os.path.join(logs, name), "a") as out:
            out.write(line + "\n")

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            log("requests.log", self.path)
            path = self.path.split("?", 1)[0]
            if path.startswith("/held/"):
                log("held-requests.log", self.path)
                while os.path.exists(args.hold):
                    time.sleep(0.05)
                path = path[len("/held"):]
            file = os.path.normpath(os.path.join(root, path.lstrip("/")))
            if not file.startswith(root + os.sep) or not os.path.isfile(file):
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            with open(file, "rb") as body:
                data = body.read()
            self.send_response(200)
            self.send_header("Content-Type", "image/png" if file.endswith(".png") else "image/jpeg")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the task fetching it was cancelled

        def log_message(self, *_):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as out:
        out.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    threading.Timer(args.lifetime, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
