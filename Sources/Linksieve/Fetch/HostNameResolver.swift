import Foundation
import Synchronization

/// Resolves host names before their transfers start, so the time a lookup takes is spent while
/// the host's requests wait in `HostQueue`, not inside the fetch window: a name that is slow to
/// resolve holds no transfer slot, and the hosts whose names are known go on meanwhile.
///
/// At most `maxInFlight` lookups run at once, each on a thread of its own (this libcurl has no
/// c-ares, and getaddrinfo blocks); a name is looked up once however many of its requests are
/// waiting, and the answer is cached (`cacheLifetime`; a name that does not resolve, for at most a
/// minute). The answer only says where to connect: the address policy still judges the address
/// each socket is opened for.
final class HostNameResolver: Sendable {
    /// What a lookup found.
    enum Answer: Sendable, Equatable {
        case addresses([IPAddress])
        /// The name does not exist or has no address.
        case unresolvable
    }

    /// Looks a name up, blocking; nil when there is no answer now (a temporary failure), in which
    /// case libcurl resolves the name itself when the transfer starts.
    typealias Lookup = @Sendable (String) -> Answer?

    /// Figures for the progress line and the summary.
    struct Statistics: Sendable, Equatable {
        /// Lookups started, and the most that ran at once.
        var lookups = 0
        var peakInFlight = 0
        /// Names queued or being looked up now.
        var resolving = 0
        /// Lookups that found no address.
        var unresolvable = 0
    }

    private struct Entry {
        var answer: Answer
        var expires: ContinuousClock.Instant?
    }

    private struct State {
        var cache: [String: Entry] = [:]
        var queued = FIFO<String>()
        var pending: Set<String> = []
        var finished: [String] = []
        var running = 0
        var statistics = Statistics()
    }

    let maxInFlight: Int
    /// How long an answer is kept; nil: for the whole run.
    private let cacheLifetime: Duration?
    private let lookup: Lookup
    /// Told (from a lookup's thread) each time a lookup has finished.
    private let finishedSignal: @Sendable () -> Void
    private let state = Mutex(State())

    /// Names kept at most; past it, expired entries go first, then all, so memory does not grow
    /// with a manifest's count of distinct hosts.
    static let cacheCapacity = 65_536
    /// The longest a name that did not resolve is remembered as such.
    static let negativeLifetime = Duration.seconds(60)

    init(maxInFlight: Int, cacheLifetime: Duration?, lookup: @escaping Lookup,
         finished: @escaping @Sendable () -> Void)
    {
        self.maxInFlight = max(1, maxInFlight)
        self.cacheLifetime = cacheLifetime
        self.lookup = lookup
        finishedSignal = finished
    }

    /// The cached answer for `name`, or nil after queueing a lookup for it (unless one is queued
    /// or running already).
    func resolve(_ name: String, at now: ContinuousClock.Instant = .now) -> Answer? {
        let startsWorker: Bool = state.withLock { state in
            if let entry = state.cache[name], entry.expires.map({ $0 > now }) ?? true { return false }
            guard state.pending.insert(name).inserted else { return false }
            state.queued.push(name)
            state.statistics.resolving += 1
            guard state.running < maxInFlight else { return false }
            state.running += 1
            return true
        }
        if startsWorker {
            Thread.detachNewThread { [self] in work() }
            return nil
        }
        return answer(for: name, at: now)
    }

    /// The cached answer for `name`, without looking it up.
    func answer(for name: String, at now: ContinuousClock.Instant = .now) -> Answer? {
        state.withLock { state in
            guard let entry = state.cache[name], entry.expires.map({ $0 > now }) ?? true else { return nil }
            return entry.answer
        }
    }

    /// Names whose lookup finished since the last call (with an answer or without one).
    func takeFinished() -> [String] {
        state.withLock { state in
            defer { state.finished = [] }
            return state.finished
        }
    }

    var statistics: Statistics { state.withLock { $0.statistics } }

    /// Looks up queued names one after another until none is left.
    private func work() {
        while let name = nextName() {
            let answer = lookup(name)
            let now = ContinuousClock.now
            state.withLock { state in
                state.pending.remove(name)
                state.finished.append(name)
                state.statistics.resolving -= 1
                if answer == .unresolvable { state.statistics.unresolvable += 1 }
                guard let answer else { return }
                if state.cache.count >= Self.cacheCapacity {
                    state.cache = state.cache.filter { $0.value.expires.map { $0 > now } ?? true }
                    if state.cache.count >= Self.cacheCapacity { state.cache = [:] }
                }
                var lifetime = cacheLifetime
                if answer == .unresolvable { lifetime = min(lifetime ?? Self.negativeLifetime, Self.negativeLifetime) }
                state.cache[name] = Entry(answer: answer, expires: lifetime.map { now + $0 })
            }
            finishedSignal()
        }
    }

    /// The next queued name, counted as in flight; nil (and this worker done) when none is queued.
    private func nextName() -> String? {
        state.withLock { state in
            guard let name = state.queued.pop() else {
                state.running -= 1
                return nil
            }
            let inFlight = state.running
            state.statistics.lookups += 1
            state.statistics.peakInFlight = max(state.statistics.peakInFlight, inFlight)
            return name
        }
    }
}
