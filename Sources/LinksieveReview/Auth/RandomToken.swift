/// Unguessable identifiers for login tokens, session ids and CSRF tokens.
///
/// `SystemRandomNumberGenerator` reads the kernel's CSPRNG (getrandom on Linux), so 32 bytes of it
/// are as good as a fresh secret.
enum RandomToken {
    /// 32 random bytes as 64 lowercase hex digits.
    static func make(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        text.reserveCapacity(bytes * 2)
        for _ in 0..<bytes {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            text += String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
        }
        return text
    }

    /// Compares two secrets in time that does not depend on where they first differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
