#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as raw network-order bytes, so the address policy can judge the
/// address a socket is about to connect to, whatever host name led there.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// Four bytes, network order.
    case v4([UInt8])
    /// Sixteen bytes, network order.
    case v6([UInt8])

    /// Parses a literal ("192.0.2.1", "::ffff:10.0.0.1", "fe80::1"); nil for anything else.
    public init?(_ literal: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, literal, &v4) == 1 {
            self = .v4(withUnsafeBytes(of: &v4) { Array($0) })
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, literal, &v6) == 1 {
            self = .v6(withUnsafeBytes(of: &v6) { Array($0) })
            return
        }
        return nil
    }

    /// Reads a `sockaddr_in` or `sockaddr_in6` laid out in memory; nil for other families
    /// or a length too short for the family it names.
    public init?(socketAddress bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= MemoryLayout<sockaddr>.size, let base = bytes.baseAddress else { return nil }
        let family = Int32(base.loadUnaligned(as: sockaddr.self).sa_family)
        switch family {
        case AF_INET where bytes.count >= MemoryLayout<sockaddr_in>.size:
            var address = base.loadUnaligned(as: sockaddr_in.self).sin_addr
            self = .v4(withUnsafeBytes(of: &address) { Array($0) })
        case AF_INET6 where bytes.count >= MemoryLayout<sockaddr_in6>.size:
            var address = base.loadUnaligned(as: sockaddr_in6.self).sin6_addr
            self = .v6(withUnsafeBytes(of: &address) { Array($0) })
        default:
            return nil
        }
    }

    public var description: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch self {
        case .v4(let bytes):
            _ = bytes.withUnsafeBytes { inet_ntop(AF_INET, $0.baseAddress, &text, socklen_t(text.count)) }
        case .v6(let bytes):
            _ = bytes.withUnsafeBytes { inet_ntop(AF_INET6, $0.baseAddress, &text, socklen_t(text.count)) }
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension IPAddress {
    /// The address bytes in network order, 4 or 16 of them.
    var bytes: [UInt8] {
        switch self {
        case .v4(let bytes), .v6(let bytes): bytes
        }
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 address, or the address itself.
    var unmappingIPv4: IPAddress {
        guard case .v6(let bytes) = self, bytes.count == 16,
            bytes[0..<12].elementsEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])
        else { return self }
        return .v4(Array(bytes[12..<16]))
    }
}
