"""A slow DNS server on loopback for Scripts/bench/dns-ahead.sh.

Answers UDP queries on one loopback address, port 53, after a fixed delay per answer:
`h<N>.<domain>` gets an A record with web_server.py's address for host N (127.1.x.y), an AAAA
query gets an empty answer, any other name NXDOMAIN. It counts the queries, the most
outstanding at once and the queries per name, writes them to --stats when stopped (SIGTERM),
and exits by itself after --lifetime seconds. Nothing is forwarded anywhere.
"""

import argparse
import asyncio
import json
import signal
import struct
import sys

from web_server import host_address

A, AAAA = 1, 28


def parse_question(packet):
    """(id, flags, name, qtype, end of the question) of a query, or None."""
    if len(packet) < 12:
        return None
    ident, flags, questions = struct.unpack(">HHH", packet[:6])
    if questions != 1:
        return None
    labels, offset = [], 12
    while offset < len(packet):
        length = packet[offset]
        offset += 1
        if length == 0:
            break
        labels.append(packet[offset:offset + length].decode("ascii", "replace").lower())
        offset += length
    if offset + 4 > len(packet):
        return None
    qtype, _ = struct.unpack(">HH", packet[offset:offset + 4])
    return ident, flags, ".".join(labels), qtype, offset + 4


def answer(packet, domain):
    parsed = parse_question(packet)
    if parsed is None:
        return None, None
    ident, flags, name, qtype, end = parsed
    question = packet[12:end]
    address = None
    suffix = "." + domain
    if name.endswith(suffix) and name[:-len(suffix)].startswith("h") and name[1:-len(suffix)].isdigit():
        address = host_address(int(name[1:-len(suffix)]))
    rcode = 0 if address else 3
    # QR, opcode copied, AA, RD copied, RA.
    reply_flags = 0x8000 | (flags & 0x7900) | 0x0400 | 0x0080 | rcode
    records = b""
    count = 0
    if address and qtype == A:
        records = b"\xc0\x0c" + struct.pack(">HHIH", A, 1, 300, 4) + bytes(int(part) for part in address.split("."))
        count = 1
    header = struct.pack(">HHHHHH", ident, reply_flags, 1, count, 0, 0)
    return header + question + records, name


class SlowDNS(asyncio.DatagramProtocol):
    def __init__(self, domain, delay):
        self.domain, self.delay = domain, delay
        self.outstanding = 0
        self.stats = {"queries": 0, "peak_outstanding": 0, "names": {}}

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, sender):
        reply, name = answer(data, self.domain)
        if reply is None:
            return
        self.stats["queries"] += 1
        self.stats["names"][name] = self.stats["names"].get(name, 0) + 1
        self.outstanding += 1
        self.stats["peak_outstanding"] = max(self.stats["peak_outstanding"], self.outstanding)
        asyncio.get_running_loop().call_later(self.delay, self.send, reply, sender)

    def send(self, reply, sender):
        self.outstanding -= 1
        self.transport.sendto(reply, sender)


async def serve(args):
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.create_datagram_endpoint(
        lambda: SlowDNS(args.domain, args.delay), local_addr=(args.address, 53))
    with open(args.ready, "w") as ready:
        ready.write("ready\n")
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await asyncio.wait_for(stop.wait(), timeout=args.lifetime)
    except asyncio.TimeoutError:
        print("slow_dns: lifetime over, stopping", file=sys.stderr)
    transport.close()
    names = protocol.stats.pop("names")
    protocol.stats["distinct_names"] = len(names)
    protocol.stats["most_queries_for_one_name"] = max(names.values(), default=0)
    with open(args.stats, "w") as out:
        json.dump(protocol.stats, out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", default="127.0.0.153")
    parser.add_argument("--domain", default="bench.test")
    parser.add_argument("--delay", type=float, default=0.5)
    parser.add_argument("--ready", required=True)
    parser.add_argument("--stats", required=True)
    parser.add_argument("--lifetime", type=float, default=1800)
    args = parser.parse_args()
    if not args.address.startswith("127."):
        sys.exit("slow_dns: serves on loopback (127.0.0.0/8) only")
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
