#if canImport(Glibc)
import Glibc
#endif

/// Asks Linux to back large, randomly read tables with 2 MiB pages. A Hamming-index query touches
/// thousands of random entries; with 4 KiB pages nearly each of them also misses the TLB, which
/// costs more than the cache miss itself (most of all under a hypervisor).
enum HugePages {
    /// Advises the whole 2 MiB pages inside `bytes` bytes from `base`; call before the memory is first written.
    static func advise(_ base: UnsafeMutableRawPointer?, bytes: Int) {
        #if os(Linux)
        guard let base else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(huge - 1)
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        #endif
    }
}
