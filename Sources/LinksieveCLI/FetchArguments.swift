import ArgumentParser
import Foundation
import Linksieve

/// The fetch stage's limits, shared by every command that fetches.
struct FetchArguments: ParsableArguments {
    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Transfers in flight at once (default: as many as the file-descriptor limit allows, at most \(FetchWindow.automaticCeiling); the summary reports the window used).",
            valueName: "n"),
        transform: NumericOption.integer("--concurrency", 1...100_000))
    var concurrency: Int?

    @Option(
        name: .long, parsing: .unconditional,
        help: "Transfers in flight to one host at first; the limit then grows while the host answers fast and without errors, and halves on 429/503, dropped connections, rising latency or an unresponsive host (default: \(FetchOptions().perHost)).",
        transform: NumericOption.integer("--per-host", 1...10_000))
    var perHost = FetchOptions().perHost

    @Option(
        name: .long, parsing: .unconditional,
        help: "The most transfers in flight to one host, however well it answers; set it to --per-host for a fixed limit (default: \(FetchOptions().maxPerHost)).",
        transform: NumericOption.integer("--max-per-host", 1...10_000))
    var maxPerHost: Int?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Host names looked up at once ahead of their transfers, while their requests wait for a turn, so a name slow to resolve holds no place in the window; 0 leaves each lookup to libcurl as its transfer starts (default: \(FetchOptions().lookupsAhead)).",
            valueName: "n"),
        transform: NumericOption.integer("--resolve-ahead", 0...4096))
    var resolveAhead = FetchOptions().lookupsAhead

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Bytes of bodies being received at once before new transfers wait (default: a quarter of memory, at most 4 GiB).",
            valueName: "bytes"),
        transform: NumericOption.integer("--body-budget", 1...(1 << 50)))
    var bodyBudget: Int?

    @Option(name: .long, parsing: .unconditional, help: "Seconds allowed to connect (default: \(FetchOptions().connectTimeout)).", transform: NumericOption.seconds("--connect-timeout", 0.001...86_400))
    var connectTimeout = FetchOptions().connectTimeout

    @Option(name: .long, parsing: .unconditional, help: "Seconds allowed for a whole transfer (default: \(FetchOptions().totalTimeout)).", transform: NumericOption.seconds("--timeout", 0.001...86_400))
    var timeout = FetchOptions().totalTimeout

    @Option(
        name: .long, parsing: .unconditional, help: "Largest body fetched, in bytes; larger ones end as too-large (default: \(FetchOptions().maxBodyBytes)).",
        transform: NumericOption.integer("--max-body-bytes", 1...(1 << 40)))
    var maxBodyBytes = FetchOptions().maxBodyBytes

    @Option(name: .long, parsing: .unconditional, help: "Redirects followed at most, http and https only; each target is matched against the URL lists before it is requested (default: \(FetchOptions().maxRedirects)).", transform: NumericOption.integer("--max-redirects", 0...100))
    var maxRedirects = FetchOptions().maxRedirects

    @Flag(help: "Allow connections to loopback, private, link-local and metadata addresses (for tests and intranets).")
    var allowPrivateAddresses = false

    @Option(
        name: .customLong("allow-address"),
        help: ArgumentHelp(
            "Allow connections to this network although it is private or loopback (CIDR, e.g. 127.0.0.1/32 or fd00::/8; repeatable).",
            valueName: "cidr"),
        transform: { text in
            guard let network = CIDR(text) else {
                throw ValidationError("--allow-address wants a network such as 10.1.0.0/16 or fd00::/8, not '\(TerminalText.escaped(text))'")
            }
            return network
        })
    var allowAddress: [CIDR] = []

    @Option(
        name: .long, parsing: .unconditional, help: "Further attempts after a transient failure: 429, 502, 503, 504, reset, connect timeout (default: \(FetchOptions().retries)).",
        transform: NumericOption.integer("--retries", 0...100))
    var retries = FetchOptions().retries

    @Option(
        name: .long, parsing: .unconditional, help: "Longest wait before a retry in seconds; a longer Retry-After ends the fetch instead (default: \(FetchOptions().maxRetryDelay)).",
        transform: NumericOption.seconds("--max-retry-delay", 0...86_400))
    var maxRetryDelay = FetchOptions().maxRetryDelay

    @Option(name: .long, help: ArgumentHelp("PEM file of certificate authorities to trust instead of the system's.", valueName: "path"))
    var caBundle: String?

    @Option(name: .long, help: "User-Agent sent with every request.")
    var userAgent = FetchOptions().userAgent

    @Option(name: .long, help: ArgumentHelp("Page or address where site operators can reach you; added to the User-Agent as (+URL).", valueName: "url"))
    var contactURL: String?

    func validate() throws {
        // Both end up in a header line: a CR or LF would start a header (or a request) of its own.
        for (name, value) in [("--user-agent", userAgent), ("--contact-url", contactURL ?? "")]
        where TerminalText.containsControlCharacter(value) {
            throw ValidationError("\(name) must not contain control characters (CR, LF, tab, …): '\(TerminalText.escaped(value))'")
        }
        if let caBundle {
            // libcurl would only fail on the first https transfer, once per row; say it once, up front.
            let handle = FileHandle(forReadingAtPath: caBundle)
            var isDirectory: ObjCBool = false
            if handle == nil || (FileManager.default.fileExists(atPath: caBundle, isDirectory: &isDirectory) && isDirectory.boolValue) {
                throw ValidationError("--ca-bundle \(FileProblem.describe(path: caBundle, errno: handle == nil ? errno : EISDIR))")
            }
            try? handle?.close()
        }
        if let maxPerHost, maxPerHost < perHost {
            throw ValidationError("--max-per-host (\(maxPerHost)) must not be below --per-host (\(perHost))")
        }
    }

    var options: FetchOptions {
        var options = FetchOptions()
        options.concurrency = concurrency
        options.perHost = perHost
        // Without --max-per-host, a --per-host above the default ceiling is the ceiling.
        options.maxPerHost = maxPerHost ?? max(perHost, options.maxPerHost)
        options.bodyBudget = bodyBudget
        options.lookupsAhead = resolveAhead
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
