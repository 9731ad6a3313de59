/// What the fetch stage is doing and has done, for the progress line and the summary: a maintainer
/// sees whether the window, the hosts' limits or their throttling bound a run.
public struct FetchStatistics: Sendable, Equatable {
    /// The window the run used; nil before a run starts.
    public var window: FetchWindow?
    /// Transfers in libcurl now, and the most there were at once.
    public var inFlight = 0
    public var peakInFlight = 0
    /// Requests read ahead and waiting for their host's turn, and requests waiting out a retry backoff.
    public var waiting = 0
    public var retrying = 0
    /// Hosts with a transfer running now, and distinct hosts seen.
    public var activeHosts = 0
    public var hostsSeen = 0
    /// Hosts whose limit was cut or that were paused by a Retry-After at least once; hosts paused now.
    public var throttledHosts = 0
    public var pausedHosts = 0
    /// Cuts of a host's limit (429/503, dropped connections, timeouts of an unresponsive host, rising
    /// latency) and Retry-After pauses, over all hosts.
    public var limitCuts = 0
    public var hostPauses = 0
    /// The highest limit any host earned.
    public var peakHostLimit = 0
    /// Responses that said "overloaded" (429, 502, 503, 504), retries included.
    public var overloadResponses = 0
    /// Bytes of bodies being received now, and the most at once.
    public var bodyBytesInFlight = 0
    public var peakBodyBytesInFlight = 0
    /// Times a transfer could have started but waited because bodies in flight filled the budget.
    public var bodyBudgetWaits = 0
    /// Host names looked up ahead of their transfers, the most lookups at once, names queued or
    /// being looked up now, and hosts whose requests wait for their name.
    public var nameLookups = 0
    public var peakNameLookupsInFlight = 0
    public var namesResolving = 0
    public var hostsAwaitingNames = 0

    public init() {}
}
