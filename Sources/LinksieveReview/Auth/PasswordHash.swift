internal import COpenSSL

/// A salted, slow hash of a reviewer's password: PBKDF2-HMAC-SHA256 (OpenSSL's
/// `PKCS5_PBKDF2_HMAC`), stored as `pbkdf2-sha256$ITERATIONS$SALT$HASH` with hex salt and hash.
///
/// 600,000 iterations is OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
public struct PasswordHash: Sendable, Equatable {
    public static let defaultIterations = 600_000
    static let scheme = "pbkdf2-sha256"

    public var iterations: Int
    public var salt: [UInt8]
    public var hash: [UInt8]

    /// Hashes `password` with a fresh 16-byte salt.
    public init(password: String, iterations: Int = Self.defaultIterations) {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        self.init(iterations: iterations, salt: salt, hash: Self.derive(password: password, salt: salt, iterations: iterations))
    }

    init(iterations: Int, salt: [UInt8], hash: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    /// Reads the stored form; nil when it is not one.
    public init?(stored: String) {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme, let iterations = Int(parts[1]), iterations > 0,
            let salt = Self.bytes(hex: parts[2]), let hash = Self.bytes(hex: parts[3]), !salt.isEmpty, hash.count == 32
        else { return nil }
        self.init(iterations: iterations, salt: salt, hash: hash)
    }

    public var stored: String {
        [Self.scheme, String(iterations), Self.hex(salt), Self.hex(hash)].joined(separator: "$")
    }

    /// Whether `password` is the one hashed here (compared in constant time).
    public func matches(password: String) -> Bool {
        let candidate = Self.derive(password: password, salt: salt, iterations: iterations)
        return RandomToken.equal(Self.hex(candidate), Self.hex(hash))
    }

    static func derive(password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: 32)
        let passwordBytes = Array(password.utf8)
        let status = passwordBytes.withUnsafeBufferPointer { passwordBuffer in
            passwordBuffer.withMemoryRebound(to: CChar.self) { passwordChars in
                PKCS5_PBKDF2_HMAC(
                    passwordChars.baseAddress, Int32(passwordChars.count), salt, Int32(salt.count), Int32(iterations),
                    EVP_sha256(), Int32(output.count), &output)
            }
        }
        precondition(status == 1, "PKCS5_PBKDF2_HMAC failed")
        return output
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    static func bytes(hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
