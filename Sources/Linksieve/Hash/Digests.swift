internal import COpenSSL

/// Computes the cryptographic digests that hash lists carry (MD5, SHA-1, SHA-256) over a body held in memory.
///
/// The three digests are fed chunk by chunk in one pass, so each chunk is read from memory once while it is in cache.
public enum Digests {
    private static let chunkSize = 64 * 1024

    public static func compute(_ bytes: [UInt8]) -> ContentDigests {
        let algorithms = [EVP_md5(), EVP_sha1(), EVP_sha256()]
        let contexts = algorithms.map { algorithm -> OpaquePointer in
            guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, algorithm, nil) == 1 else {
                fatalError("OpenSSL could not initialise a digest context")
            }
            return context
        }
        defer { contexts.forEach { EVP_MD_CTX_free($0) } }

        bytes.withUnsafeBytes { body in
            var offset = 0
            repeat {
                let count = min(chunkSize, body.count - offset)
                let chunk = body.baseAddress.map { $0 + offset }
                for context in contexts where EVP_DigestUpdate(context, chunk, count) != 1 {
                    fatalError("OpenSSL digest update failed")
                }
                offset += count
            } while offset < body.count
        }

        let hex = contexts.map { context -> String in
            var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var length: UInt32 = 0
            guard EVP_DigestFinal_ex(context, &digest, &length) == 1 else {
                fatalError("OpenSSL digest finalisation failed")
            }
            return SHA256Hex.lowerHex(digest.prefix(Int(length)))
        }
        return ContentDigests(md5: hex[0], sha1: hex[1], sha256: hex[2])
    }
}
