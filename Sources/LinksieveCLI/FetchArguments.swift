import ArgumentParser
import Linksieve

/// The fetch stage's limits, shared by every command that fetches.
struct FetchArguments: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Transfers in flight at once (default: as many as the file-descriptor limit allows, at most \(FetchWindow.automaticCeiling); the summary reports the window used).",
        valueName: "n"))
    var concurrency: Int?

    @Option(name: .long, help: "Transfers in flight to one host at first; the limit then grows while the host answers fast and without errors, and halves on 429/503, dropped connections, rising latency or an unresponsive host.")
    var perHost = FetchOptions().perHost

    @Option(name: .long, help: "The most transfers in flight to one host, however well it answers (set it to --per-host for a fixed limit).")
    var maxPerHost: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Bytes of bodies being received at once before new transfers wait (default: a quarter of memory, at most 4 GiB).",
        valueName: "bytes"))
    var bodyBudget: Int?

    @Option(name: .long, help: "Seconds allowed to connect.")
    var connectTimeout = 10.0

    @Option(name: .long, help: "Seconds allowed for a whole transfer.")
    var timeout = 60.0

    @Option(name: .long, help: "Largest body fetched, in bytes (larger ones end as too-large).")
    var maxBodyBytes = 32 << 20

    @Option(name: .long, help: "Redirects followed at most (http and https only).")
    var maxRedirects = 5

    @Flag(help: "Allow connections to loopback, private, link-local and metadata addresses (for tests and intranets).")
    var allowPrivateAddresses = false

    @Option(
        name: .customLong("allow-address"),
        help: ArgumentHelp(
            "Allow connections to this network although it is private or loopback (CIDR, e.g. 127.0.0.1/32 or fd00::/8; repeatable).",
            valueName: "cidr"),
        transform: { text in
            guard let network = CIDR(text) else {
                throw ValidationError("--allow-address wants a network such as 10.1.0.0/16 or fd00::/8, not '\(text)'")
            }
            return network
        })
    var allowAddress: [CIDR] = []

    @Option(name: .long, help: "Further attempts after a transient failure (429, 502, 503, 504, reset, connect timeout).")
    var retries = FetchOptions().retries

    @Option(name: .long, help: "Longest wait before a retry in seconds; a longer Retry-After ends the fetch instead.")
    var maxRetryDelay = FetchOptions().maxRetryDelay

    @Option(name: .long, help: ArgumentHelp("PEM file of certificate authorities to trust instead of the system's.", valueName: "path"))
    var caBundle: String?

    @Option(name: .long, help: "User-Agent sent with every request.")
    var userAgent = FetchOptions().userAgent

    @Option(name: .long, help: ArgumentHelp("Page or address where site operators can reach you; added to the User-Agent as (+URL).", valueName: "url"))
    var contactURL: String?

    func validate() throws {
        guard (concurrency ?? 1) > 0, perHost > 0, (maxPerHost ?? 1) > 0 else {
            throw ValidationError("--concurrency, --per-host and --max-per-host must be at least 1")
        }
        if let maxPerHost, maxPerHost < perHost {
            throw ValidationError("--max-per-host (\(maxPerHost)) must not be below --per-host (\(perHost))")
        }
        guard (bodyBudget ?? 1) > 0 else { throw ValidationError("--body-budget must be positive") }
        guard connectTimeout > 0, timeout > 0 else { throw ValidationError("timeouts must be positive") }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive") }
        guard maxRedirects >= 0 else { throw ValidationError("--max-redirects must not be negative") }
        guard retries >= 0 else { throw ValidationError("--retries must not be negative") }
        guard maxRetryDelay >= 0 else { throw ValidationError("--max-retry-delay must not be negative") }
    }

    var options: FetchOptions {
        var options = FetchOptions()
        options.concurrency = concurrency
        options.perHost = perHost
        // Without --max-per-host, a --per-host above the default ceiling is the ceiling.
        options.maxPerHost = maxPerHost ?? max(perHost, options.maxPerHost)
        options.bodyBudget = bodyBudget
        options.connectTimeout = connectTimeout
        options.totalTimeout = timeout
        options.maxBodyBytes = maxBodyBytes
        options.maxRedirects = maxRedirects
        options.allowPrivateAddresses = allowPrivateAddresses
        options.permittedNetworks = allowAddress
        options.retries = retries
        options.maxRetryDelay = maxRetryDelay
        options.caBundle = caBundle
        options.userAgent = userAgent
        options.contactURL = contactURL
        return options
    }
}
