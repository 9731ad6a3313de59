internal import CEpoll

#if canImport(Glibc)
import Glibc
#endif

/// Wakes the fetch loop from another thread (a finished name lookup) while it waits on its
/// sockets: an eventfd the loop watches with its sockets. A class, so that a thread still
/// holding it keeps the descriptor open: a signal after the loop is gone must never write into
/// a descriptor number the process has since reused.
final class LoopWakeup: Sendable {
    let descriptor: Int32

    init() throws(FetchError) {
        let descriptor = lsepoll_eventfd()
        guard descriptor >= 0 else { throw .system(operation: "eventfd", code: -descriptor) }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Makes the descriptor readable until `drain` runs; safe from any thread.
    func signal() {
        var one: UInt64 = 1
        _ = write(descriptor, &one, MemoryLayout<UInt64>.size)
    }

    /// Clears the signals received so far.
    func drain() {
        var count: UInt64 = 0
        _ = read(descriptor, &count, MemoryLayout<UInt64>.size)
    }
}
