import Foundation
import Synchronization

/// Lets a loopback server answer a set number of requests and holds every later one until the test
/// raises the allowance: a test that must act while a scan is still waiting for answers (kill it, say)
/// then knows the scan cannot have finished, whatever the machine's load.
final class ResponseGate: Sendable {
    private struct State {
        var allowance: Int
        var admitted = 0
        var held = 0
    }

    private let state: Mutex<State>

    init(allowance: Int = .max) {
        state = Mutex(State(allowance: allowance))
    }

    /// Called by the handler before it answers: returns at once while the allowance lasts, otherwise
    /// waits until it is raised.
    func pass() {
        var waiting = false
        while true {
            let admitted = state.withLock { state -> Bool in
                if state.admitted < state.allowance {
                    state.admitted += 1
                    if waiting { state.held -= 1 }
                    return true
                }
                if !waiting { state.held += 1 }
                return false
            }
            if admitted { return }
            waiting = true
            Thread.sleep(forTimeInterval: 0.002)
        }
    }

    /// Admits `count` more requests than have been admitted so far, and holds the rest.
    func allow(more count: Int) {
        state.withLock { $0.allowance = $0.admitted + count }
    }

    /// Admits every request, held ones included.
    func open() {
        state.withLock { $0.allowance = .max }
    }

    /// Requests answered so far.
    var admitted: Int { state.withLock { $0.admitted } }

    /// Requests waiting for the allowance to be raised.
    var held: Int { state.withLock { $0.held } }
}
