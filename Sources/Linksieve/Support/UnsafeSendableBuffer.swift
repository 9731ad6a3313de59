/// A buffer that concurrent workers may fill, each writing only its own slots (concurrentPerform
/// over disjoint index ranges), so results land in order without a lock.
///
/// `@unchecked` because a raw pointer is not `Sendable`: it is safe only while no two workers
/// touch the same slot and the owner reads the buffer after `concurrentPerform` has returned,
/// which is how each caller uses it.
struct UnsafeSendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}
