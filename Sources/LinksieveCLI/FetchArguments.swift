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

    @Option(name: .long, help: "Redirects followed at most (http and https only).")
    var maxRedirects = 5

    @Flag(help: "Allow connections to loopback, private, link-local and metadata addresses (for tests and intranets).")
    var allowPrivateAddresses = false

    @Option(name: .long, help: "User-Agent sent with every request.")
    var userAgent = FetchOptions().userAgent

    func validate() throws {
        guard concurrency > 0, perHost > 0 else { throw ValidationError("--concurrency and --per-host must be at least 1") }
        guard connectTimeout > 0, timeout > 0 else { throw ValidationError("timeouts must be positive") }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive") }
        guard maxRedirects >= 0 else { throw ValidationError("--max-redirects must not be negative") }
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
        options.userAgent = userAgent
        return options
    }
}
