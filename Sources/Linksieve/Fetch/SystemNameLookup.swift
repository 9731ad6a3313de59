#if canImport(Glibc)
import Glibc
#endif

/// Resolves a host name the way libcurl would (getaddrinfo, any family, stream sockets), for
/// `HostNameResolver`: the system's resolver configuration, hosts file and name services apply.
enum SystemNameLookup {
    /// glibc's EAI_NODATA (the name exists but has no address), which Swift's Glibc module lacks.
    private static let eaiNoData: Int32 = -5

    static func answer(for name: String) -> HostNameResolver.Answer? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, nil, &hints, &list)
        guard status == 0, let list else {
            // EAI_AGAIN and the like may pass: libcurl asks again when the transfer starts.
            return status == EAI_NONAME || status == eaiNoData || status == EAI_FAIL ? .unresolvable : nil
        }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let current = entry {
            if let socketAddress = current.pointee.ai_addr,
                let address = IPAddress(
                    socketAddress: UnsafeRawBufferPointer(start: socketAddress, count: Int(current.pointee.ai_addrlen))),
                !addresses.contains(address)
            {
                addresses.append(address)
            }
            entry = current.pointee.ai_next
        }
        return addresses.isEmpty ? .unresolvable : .addresses(addresses)
    }
}
