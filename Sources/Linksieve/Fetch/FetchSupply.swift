/// What the fetcher's caller answers when asked for the next request: one, none for now (the
/// caller holds rows that wait on transfers in flight, and asks to be asked again after one
/// finishes), or none ever again.
public enum FetchSupply: Sendable {
    case request(FetchRequest)
    case later
    case exhausted
}
