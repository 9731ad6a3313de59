import ArgumentParser
import Linksieve

/// The fetch stage's limits, shared by every command that fetches.
struct FetchArguments: ParsableArguments {
    @Option(name: .long, help: "Transfers in flight at once.")
    var concurrency = 256

    @Option(name: .long, help: "Transfers in flight to one host at once.")
    var perHost = 4

    @Option(name: .long, help: "Seconds allowed to connect.")
    var connectTimeout = 10.0

    @Option(name: .long, help: "Seconds allowed for a whole transfer.")
    var timeout = 60.0

    @Option(name: .long, help: "Largest body fetched, in bytes (larger ones end as too-large).")
    var maxBodyBytes = 32 << 20

    @Option(name: .long, help: "Redirects followed at most (http and https only); each target is matched against the URL lists before it is requested.")
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
        guard concurrency > 0, perHost > 0 else { throw ValidationError("--concurrency and --per-host must be at least 1") }
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
