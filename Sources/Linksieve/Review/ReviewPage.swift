/// One page of the queue and where the next one starts (nil after the last page).
public struct ReviewPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: ReviewCursor?
}
