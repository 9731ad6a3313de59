import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The listening socket of a `LoopbackHTTPServer` and everything it accepted: it owns the accept
/// thread, tracks open connections so `stop` can close them, and counts requests. Kept apart
/// from the server object so the threads never keep the server itself alive.
final class LoopbackListener: Sendable {
    let port: Int
    let handler: @Sendable (LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response
    private let fd: Int32
    private let state = Mutex(State())
    /// Entered by the accept thread and every connection thread, left when each ends.
    private let threads = DispatchGroup()

    /// What the accept and connection threads share.
    private struct State {
        var stopped = false
        var connections: Set<Int32> = []
        var requests = 0
        var accepted = 0
    }

    init(handler: @escaping @Sendable (LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response) throws(LoopbackHTTPServerError) {
        self.handler = handler
        (fd, port) = try Self.listenOnLoopback()
    }

    /// A listening socket on 127.0.0.1 and a port the kernel picks, and that port.
    private static func listenOnLoopback() throws(LoopbackHTTPServerError) -> (fd: Int32, port: Int) {
        #if canImport(Glibc)
        let streamType = Int32(SOCK_STREAM.rawValue)
        #else
        let streamType = SOCK_STREAM
        #endif
        let fd = socket(AF_INET, streamType, 0)
        guard fd >= 0 else { throw .socket(operation: "socket", errno: errno) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        do {
            return (fd, try bindAndListen(fd))
        } catch {
            SocketDescriptor(fd: fd).close()
            throw error
        }
    }

    private static func bindAndListen(_ fd: Int32) throws(LoopbackHTTPServerError) -> Int {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw .socket(operation: "bind 127.0.0.1", errno: errno) }
        guard listen(fd, 1024) == 0 else { throw .socket(operation: "listen", errno: errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw .socket(operation: "getsockname", errno: errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    var requestCount: Int { state.withLock { $0.requests } }

    var connectionCount: Int { state.withLock { $0.accepted } }

    var isStopped: Bool { state.withLock { $0.stopped } }

    func countRequest() {
        state.withLock { $0.requests += 1 }
    }

    func start() {
        threads.enter()
        Thread { [self] in
            acceptLoop()
            SocketDescriptor(fd: fd).close()
            threads.leave()
        }.start()
    }

    func stop() {
        let stoppedNow = state.withLock { state in
            guard !state.stopped else { return false }
            state.stopped = true
            SocketDescriptor(fd: fd).shutdownBoth()
            for connection in state.connections {
                SocketDescriptor(fd: connection).shutdownBoth()
            }
            return true
        }
        // Bounded, in case a handler itself is stuck (or is the caller of stop).
        if stoppedNow { _ = threads.wait(timeout: .now() + 5) }
    }

    private func acceptLoop() {
        while !isStopped {
            var pending = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pending, 1, 200)
            guard ready > 0 else { continue }
            let accepted = accept(fd, nil, nil)
            guard accepted >= 0 else {
                // Out of descriptors, say: back off rather than spin on a listener that stays readable.
                if errno != EINTR, errno != EAGAIN { usleep(10_000) }
                continue
            }
            let socket = SocketDescriptor(fd: accepted)
            socket.configureAccepted()
            guard register(accepted) else {
                socket.close()
                return
            }
            Thread { [self] in
                LoopbackHTTPConnection(socket: socket, listener: self).serve()
                unregister(accepted)
            }.start()
        }
    }

    /// Enters `threads` for the connection's thread, unless the listener has stopped.
    private func register(_ connection: Int32) -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            state.connections.insert(connection)
            state.accepted += 1
            threads.enter()
            return true
        }
    }

    /// Closing under the lock means `stop` never shuts down a descriptor number already reused.
    private func unregister(_ connection: Int32) {
        state.withLock { state in
            state.connections.remove(connection)
            SocketDescriptor(fd: connection).close()
        }
        threads.leave()
    }
}
