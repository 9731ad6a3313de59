import Testing

@testable import Linksieve

@Suite("BoundedQueue")
struct BoundedQueueTests {
    @Test("counts as full with the items on their way, or once its bytes reach the limit")
    func fullness() {
        let queue = BoundedQueue<[UInt8]>(capacity: 4, byteLimit: 100, bytes: { $0.count })
        queue.pushWithoutWaiting([1])
        queue.pushWithoutWaiting([2])
        #expect(!queue.isFull())
        #expect(!queue.isFull(with: 1))
        #expect(queue.isFull(with: 2))
        queue.pushWithoutWaiting(Array(repeating: 0, count: 98))
        #expect(queue.isFull())
        #expect(queue.pop() == [1])
        #expect(queue.pop() == [2])
        #expect(!queue.isFull())
        #expect(queue.isFull(with: 3))
        _ = queue.pop()
        #expect(!queue.isFull(with: 3))
        queue.close()
    }
}
