#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many transfers may be in flight at once, and how many body bytes they may hold, sized from
/// what the machine allows rather than a constant: on the real web most of a transfer's life is
/// waiting for a server, so the window must be wide enough that latency never sets the pace, and
/// its only true bounds are file descriptors and memory.
///
/// - File descriptors: the soft `RLIMIT_NOFILE` is raised to the hard limit; each transfer may hold
///   a socket of its own plus one idle connection kept for reuse, and a reserve is left for the
///   manifest, the state database, the outputs and the name lookups running ahead of the window.
/// - Memory: bodies being received count against a budget (a quarter of physical memory, at most
///   4 GiB); no new transfer starts while they fill it, or while the transfers in flight, each
///   expected to grow to the usual body size (`BodyMeter`), would. A window of thousands of small
///   images stays open; a run of large ones narrows it.
public struct FetchWindow: Sendable, Equatable {
    /// Transfers in flight at most.
    public let transfers: Int
    /// Bytes of bodies being received at most, before new transfers wait.
    public let bodyBudget: Int
    /// The soft file-descriptor limit in force (after raising it), nil if it could not be read.
    public let descriptorLimit: Int?

    /// The most transfers an automatic window holds, whatever the limits allow: beyond this the
    /// per-host limits, not the window, are what a crawl needs.
    public static let automaticCeiling = 4096
    /// Descriptors left for everything that is not a transfer.
    static let reservedDescriptors = 256
    static let maximumBodyBudget = 4 << 30

    init(transfers: Int, bodyBudget: Int, descriptorLimit: Int?) {
        self.transfers = transfers
        self.bodyBudget = bodyBudget
        self.descriptorLimit = descriptorLimit
    }

    /// The window for `options`: `concurrency` when given (still within the descriptor limit),
    /// otherwise as wide as descriptors allow up to `automaticCeiling`.
    static func sized(for options: FetchOptions) -> FetchWindow {
        let descriptors = raiseDescriptorLimit()
        // Each lookup ahead holds a socket of its own while it runs.
        let reserved = reservedDescriptors + options.lookupsAhead
        let byDescriptors = descriptors.map { max(1, ($0 - reserved) / 2) } ?? automaticCeiling
        let transfers = min(options.concurrency ?? automaticCeiling, byDescriptors)
        let budget = options.bodyBudget ?? min(maximumBodyBudget, physicalMemory() / 4)
        // One capped body must always fit, or a large image could never be fetched.
        return FetchWindow(
            transfers: transfers, bodyBudget: max(budget, options.maxBodyBytes), descriptorLimit: descriptors)
    }

    /// Raises the soft descriptor limit to the hard one and returns the soft limit then in force.
    static func raiseDescriptorLimit() -> Int? {
        var limits = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limits) == 0 else { return nil }
        if limits.rlim_cur < limits.rlim_max {
            var raised = limits
            raised.rlim_cur = limits.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limits = raised }
        }
        return limits.rlim_cur == rlim_t.max ? Int(Int32.max) : Int(clamping: limits.rlim_cur)
    }

    static func physicalMemory() -> Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES))
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return 1 << 30 }
        return pages * pageSize
    }
}
