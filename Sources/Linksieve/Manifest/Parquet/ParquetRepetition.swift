/// Whether a schema node may hold nulls (optional) or several values per parent (repeated: a list's items).
public enum ParquetRepetition: Int32, Sendable {
    case required = 0, optional = 1, repeated = 2
}
