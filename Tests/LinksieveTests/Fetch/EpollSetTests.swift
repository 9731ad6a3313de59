import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@testable import Linksieve

@Suite("EpollSet")
struct EpollSetTests {
    /// The descriptors `set` reports ready within `milliseconds`, with their readiness.
    private static func ready(_ set: EpollSet, within milliseconds: Int32 = 0) -> [Int32: EpollSet.Readiness] {
        var found: [Int32: EpollSet.Readiness] = [:]
        set.wait(milliseconds: milliseconds) { found[$0] = $1 }
        return found
    }

    /// Runs `body` with a new epoll set and the two ends of a new pipe (read, write), closed after.
    private static func withPipe(_ body: (EpollSet, [Int32]) throws -> Void) throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer {
            close(ends[0])
            close(ends[1])
        }
        try body(try EpollSet(), ends)
    }

    @Test("reports a watched pipe once it has bytes to read, and no longer once forgotten")
    func readable() throws {
        try Self.withPipe { set, ends in
            #expect(set.watch(ends[0], for: .readable))
            #expect(Self.ready(set).isEmpty)
            var byte: UInt8 = 1
            #expect(write(ends[1], &byte, 1) == 1)
            #expect(Self.ready(set, within: 1000)[ends[0]]?.contains(.readable) == true)
            set.forget(ends[0])
            #expect(Self.ready(set).isEmpty)
        }
    }

    @Test("changes what a descriptor is watched for: a pipe's write end is ready for writing, not reading")
    func interestChanges() throws {
        try Self.withPipe { set, ends in
            #expect(set.watch(ends[1], for: .readable))
            #expect(Self.ready(set).isEmpty)
            #expect(set.watch(ends[1], for: .writable))
            #expect(Self.ready(set)[ends[1]] == .writable)
            #expect(!set.watch(-1, for: .readable), "a descriptor that is not open was accepted")
        }
    }

    @Test("a wake-up signalled from another thread ends a wait, and draining clears it")
    func wakeup() throws {
        let set = try EpollSet()
        let wakeup = try LoopWakeup()
        set.watch(wakeup.descriptor, for: .readable)
        #expect(Self.ready(set).isEmpty)
        // A thread of its own: the tests' task pool may be busy with fetchers blocking on their loops.
        Thread.detachNewThread { wakeup.signal() }
        #expect(Self.ready(set, within: 30_000)[wakeup.descriptor] == .readable)
        wakeup.drain()
        #expect(Self.ready(set).isEmpty)
    }
}
