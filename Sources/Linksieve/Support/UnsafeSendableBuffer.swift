/// A buffer that concurrent workers may fill, each writing only its own slots (concurrentPerform
/// over disjoint index ranges), so results land in order without a lock.
struct UnsafeSendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
