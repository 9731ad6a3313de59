/// How a list's entries are read when the lines themselves do not say: the algorithm (from the list's
/// `# algorithm:` line or `--list-algorithm`), and the label and category of entries without columns for them.
struct ListSettings {
    var algorithm: HashAlgorithm?
    var label: String
    var category: String?
}
