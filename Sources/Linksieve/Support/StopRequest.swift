import Foundation
import Synchronization

/// A request to stop a scan or rescan early, as Ctrl-C (SIGINT) or SIGTERM makes one: the fetch
/// stops taking rows and abandons its transfers, what was finished is committed, and the run
/// ends with `Interrupted`. Set from a signal handler, so it is a single lock-free atomic.
public final class StopRequest: Sendable {
    private let received = Atomic<Int32>(0)

    public init() {}

    /// The one the process's signal handlers set (see `installSignalHandlers`).
    public static let process = StopRequest()

    /// Asks the run to stop, naming the signal that asked (0 when none did).
    public func request(signal number: Int32 = 0) {
        _ = received.compareExchange(expected: 0, desired: number == 0 ? -1 : number, ordering: .relaxed)
    }

    public var isRequested: Bool { received.load(ordering: .relaxed) != 0 }

    /// The signal that asked, if one did.
    public var signal: Int32? {
        let value = received.load(ordering: .relaxed)
        return value > 0 ? value : nil
    }

    /// SIGINT and SIGTERM set `process` instead of ending the process at once. A second signal
    /// while the run winds down ends it the default way, for a user who will not wait.
    public static func installSignalHandlers() {
        _ = process.isRequested  // initialise before a handler can touch it
        // A parent may have started us with these signals blocked (as some test runners and
        // process libraries do); unblock them on this thread so that they arrive at all.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, SIGINT)
        sigaddset(&unblocked, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        for number in [SIGINT, SIGTERM] {
            installHandler(number) { number in
                if StopRequest.process.isRequested {
                    restoreDefault(number)
                    raise(number)
                    return
                }
                StopRequest.process.request(signal: number)
            }
        }
    }
}

/// `signal(2)`, outside `StopRequest`, whose own `signal` property would hide the system call's name.
private func installHandler(_ number: Int32, _ handler: @convention(c) (Int32) -> Void) {
    signal(number, handler)
}

private func restoreDefault(_ number: Int32) {
    signal(number, SIG_DFL)
}
