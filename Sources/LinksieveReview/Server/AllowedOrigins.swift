import Synchronization

/// The origins (`http://HOST:PORT`) our pages are served from, known once the server has bound
/// its port (which may have been chosen by the system). A POST from any other origin is
/// cross-site, and a request whose Host header names another host is refused (DNS rebinding).
final class AllowedOrigins: Sendable {
    private let origins = Mutex<Set<String>>([])
    private let hosts = Mutex<Set<String>>([])

    func serverBound(host: String, port: Int) {
        var names = [host.contains(":") ? "[\(host)]" : host]
        if host.hasPrefix("127.") || host == "localhost" { names += ["127.0.0.1", "localhost"] }
        let hostPorts = Set(names.map { "\($0):\(port)" })
        hosts.withLock { $0 = hostPorts }
        origins.withLock { $0 = Set(hostPorts.map { "http://\($0)" }) }
    }

    var current: Set<String> { origins.withLock { $0 } }

    func allows(hostHeader: String?) -> Bool {
        guard let hostHeader else { return false }
        return hosts.withLock { $0.contains(hostHeader.lowercased()) }
    }
}
