"""A web-shaped workload on loopback for Scripts/bench/web-crawl.sh.

`plan` writes the manifest, the per-URL plan and the images; `serve` answers from many loopback
addresses (127.1.0.1, 127.1.0.2, ...: each host its own address, loopback only) on one port:

- hosts hold a heavy-tailed (Zipf) share of the URLs;
- every answer comes after a log-normal delay (median 400 ms, sigma 0.8: a tail of seconds);
- a share of URLs never answer (the client's timeout ends them) and a share are 404;
- one host is strict (by default the tenth largest): it answers 429 at once to any request
  beyond N in progress.

Delays and faults are drawn once, in `plan`, so every tool sees exactly the same behaviour.
`serve --zero-delay` answers every request at once (hanging URLs still hang, 404s stay 404s).
The server counts what it answered and exits by itself after --lifetime seconds.
"""

import argparse
import asyncio
import io
import json
import math
import os
import random
import signal
import sys


def host_address(index):
    # 127.1.x.y: each host its own loopback address, all routed to lo on Linux.
    return f"127.1.{index // 250}.{index % 250 + 1}"


def plan(args):
    rng = random.Random(args.seed)
    hosts = args.hosts
    weights = [1 / (rank + 1) ** args.zipf for rank in range(hosts)]
    os.makedirs(os.path.join(args.out, "img"), exist_ok=True)

    import numpy as np
    from PIL import Image

    images = []
    pixels_rng = np.random.default_rng(args.seed)
    yy, xx = np.mgrid[0:480, 0:640].astype(np.float32)
    for index in range(args.images):
        if args.tiny_bodies:
            # 1 KB that is no image: the scan's hash stage only digests it, so the fetch loop's own cost shows.
            path = os.path.join(args.out, "img", f"{index}.jpg")
            with open(path, "wb") as out:
                out.write(bytes((index + n) % 256 for n in range(1024)))
            images.append(path)
            continue
        fx, fy, phase = pixels_rng.uniform(0.005, 0.03, 3)
        base = np.stack([128 + 90 * np.sin(xx * fx + phase + c) * np.cos(yy * fy + c * 0.7) for c in range(3)], axis=-1)
        noise = pixels_rng.normal(0, 8, (480, 640, 3))
        buffer = io.BytesIO()
        Image.fromarray(np.clip(base + noise, 0, 255).astype(np.uint8), "RGB").save(buffer, "JPEG", quality=90)
        path = os.path.join(args.out, "img", f"{index}.jpg")
        with open(path, "wb") as out:
            out.write(buffer.getvalue())
        images.append(path)

    strict_host = args.strict_rank - 1  # hosts are indexed by their Zipf rank
    entries = {}
    per_host = [0] * hosts
    with open(os.path.join(args.out, "manifest.csv"), "w") as manifest:
        manifest.write("url,caption\n")
        for number in range(args.urls):
            host = rng.choices(range(hosts), weights)[0]
            per_host[host] += 1
            roll = rng.random()
            kind = "hang" if roll < args.hang_share else "404" if roll < args.hang_share + args.missing_share else "ok"
            delay = min(args.max_delay, args.median_delay * math.exp(args.sigma * rng.gauss(0, 1)))
            path = f"/{host}/{number}.jpg"
            entries[f"{host_address(host)}{path}"] = [kind, round(delay, 4), number % args.images]
            authority = f"h{host}.{args.names}" if args.names else host_address(host)
            manifest.write(f"http://{authority}:{args.port}{path},web-shaped {number}\n")
    with open(os.path.join(args.out, "plan.json"), "w") as out:
        json.dump({
            "port": args.port, "hosts": hosts, "strict_host": host_address(strict_host),
            "strict_limit": args.strict_limit, "entries": entries,
        }, out)
    shares = sorted(per_host, reverse=True)
    print(f"plan: {args.urls} URLs over {hosts} hosts; largest hosts hold {shares[:5]} URLs; "
          f"strict host {host_address(strict_host)} holds {per_host[strict_host]}", file=sys.stderr)


class Server:
    def __init__(self, plan_path, zero_delay):
        with open(plan_path) as source:
            self.plan = json.load(source)
        folder = os.path.dirname(plan_path)
        self.bodies = {}
        for kind, _, image in self.plan["entries"].values():
            if image not in self.bodies:
                with open(os.path.join(folder, "img", f"{image}.jpg"), "rb") as source:
                    self.bodies[image] = source.read()
        self.zero_delay = zero_delay
        self.strict = self.plan["strict_host"]
        self.strict_limit = self.plan["strict_limit"]
        self.strict_in_progress = 0
        self.stats = {"requests": 0, "ok": 0, "404": 0, "hang": 0, "strict_requests": 0, "strict_429": 0,
                      "strict_peak_in_progress": 0, "peak_open_connections": 0}
        self.open_connections = 0

    async def handle(self, reader, writer):
        local = writer.get_extra_info("sockname")[0]
        self.open_connections += 1
        self.stats["peak_open_connections"] = max(self.stats["peak_open_connections"], self.open_connections)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                target = head.split(b" ", 2)[1].decode()
                if not await self.respond(local, target, reader, writer):
                    return
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            self.open_connections -= 1
            writer.close()

    async def respond(self, local, target, reader, writer):
        if target == "/__stats":
            self.send(writer, 200, json.dumps(self.stats).encode(), "application/json")
            return True
        if target == "/__reset":
            for key in self.stats:
                self.stats[key] = 0
            self.send(writer, 200, b"{}", "application/json")
            return True
        self.stats["requests"] += 1
        entry = self.plan["entries"].get(local + target)
        if entry is None:
            self.send(writer, 404, b"no such URL", "text/plain")
            return True
        kind, delay, image = entry
        strict = local == self.strict
        if strict:
            self.stats["strict_requests"] += 1
            if self.strict_in_progress >= self.strict_limit:
                self.stats["strict_429"] += 1
                self.send(writer, 429, b"too many requests", "text/plain")
                return True
            self.strict_in_progress += 1
            self.stats["strict_peak_in_progress"] = max(self.stats["strict_peak_in_progress"], self.strict_in_progress)
        try:
            if kind == "hang":
                self.stats["hang"] += 1
                # Never answers: waits until the client gives up and closes.
                await reader.read()
                return False
            if not self.zero_delay:
                await asyncio.sleep(delay)
            if kind == "404":
                self.stats["404"] += 1
                self.send(writer, 404, b"not found", "text/plain")
            else:
                self.stats["ok"] += 1
                self.send(writer, 200, self.bodies[image], "image/jpeg")
            await writer.drain()
            return True
        finally:
            if strict:
                self.strict_in_progress -= 1

    @staticmethod
    def send(writer, status, body, content_type):
        reason = {200: "OK", 404: "Not Found", 429: "Too Many Requests"}[status]
        writer.write(f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
                     f"Content-Length: {len(body)}\r\n\r\n".encode() + body)


async def serve(args):
    server = Server(args.plan, args.zero_delay)
    port = server.plan["port"]
    listeners = []
    for index in range(server.plan["hosts"]):
        listeners.append(await asyncio.start_server(
            server.handle, host_address(index), port, backlog=4096, limit=1 << 16))
    with open(args.ready, "w") as ready:
        ready.write("ready\n")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await asyncio.wait_for(stop.wait(), timeout=args.lifetime)
    except asyncio.TimeoutError:
        print("web_server: lifetime over, stopping", file=sys.stderr)
    for listener in listeners:
        listener.close()


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("plan")
    p.add_argument("--out", required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--urls", type=int, default=6000)
    p.add_argument("--hosts", type=int, default=300)
    p.add_argument("--zipf", type=float, default=0.8)
    p.add_argument("--images", type=int, default=100)
    p.add_argument("--median-delay", type=float, default=0.4)
    p.add_argument("--sigma", type=float, default=0.8)
    p.add_argument("--max-delay", type=float, default=8.0)
    p.add_argument("--hang-share", type=float, default=0.05)
    p.add_argument("--missing-share", type=float, default=0.10)
    p.add_argument("--strict-limit", type=int, default=8)
    p.add_argument("--strict-rank", type=int, default=10)
    p.add_argument("--seed", type=int, default=20261205)
    p.add_argument("--tiny-bodies", action="store_true")
    # Name hosts h<N>.<domain> in the manifest (answered by slow_dns.py) instead of by address.
    p.add_argument("--names")
    s = commands.add_parser("serve")
    s.add_argument("--plan", required=True)
    s.add_argument("--ready", required=True)
    s.add_argument("--zero-delay", action="store_true")
    s.add_argument("--lifetime", type=float, default=1800)
    args = parser.parse_args()
    if args.command == "plan":
        plan(args)
    else:
        asyncio.run(serve(args))


if __name__ == "__main__":
    main()
