internal import CEpoll

#if canImport(Glibc)
import Glibc
#endif

/// Watches the fetch loop's sockets through one Linux epoll instance. The kernel keeps the list
/// of watched sockets, so a wait costs in proportion to the sockets that are ready: poll(2), what
/// `curl_multi_poll` uses, copies and scans every watched socket on every wake-up, which at
/// thousands of transfers in flight is most of the loop's work. Level-triggered, as libcurl expects.
final class EpollSet {
    /// What a socket is to be watched for, or is ready for.
    struct Readiness: OptionSet {
        let rawValue: UInt32
        static let readable = Readiness(rawValue: LSEPOLL_READABLE)
        static let writable = Readiness(rawValue: LSEPOLL_WRITABLE)
        /// An error or hang-up on the socket.
        static let failed = Readiness(rawValue: LSEPOLL_FAILED)
    }

    private let descriptor: Int32
    /// Where each wait puts the ready descriptors and their readiness; reused, never reallocated.
    private var readyDescriptors = [Int32](repeating: -1, count: 256)
    private var readiness = [UInt32](repeating: 0, count: 256)

    init() throws(FetchError) {
        let descriptor = lsepoll_create()
        guard descriptor >= 0 else { throw .system(operation: "epoll_create1", code: -descriptor) }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Watches `socket` for `interest`, replacing what it was watched for before. False if the
    /// kernel refused (the socket is no longer open).
    @discardableResult
    func watch(_ socket: Int32, for interest: Readiness) -> Bool {
        lsepoll_watch(descriptor, socket, interest.rawValue) == 0
    }

    /// Stops watching `socket`; a socket already closed has left the set by itself.
    func forget(_ socket: Int32) {
        _ = lsepoll_forget(descriptor, socket)
    }

    /// Waits at most `milliseconds` (0: only looks) and calls `body` for each socket that is
    /// ready. Returns how many were.
    @discardableResult
    func wait(milliseconds: Int32, _ body: (Int32, Readiness) -> Void) -> Int {
        let capacity = Int32(readyDescriptors.count)
        let count = readyDescriptors.withUnsafeMutableBufferPointer { descriptors in
            readiness.withUnsafeMutableBufferPointer { readiness in
                lsepoll_wait(descriptor, descriptors.baseAddress, readiness.baseAddress, capacity, milliseconds)
            }
        }
        guard count > 0 else { return 0 }
        for index in 0..<Int(count) {
            body(readyDescriptors[index], Readiness(rawValue: readiness[index]))
        }
        return Int(count)
    }
}
