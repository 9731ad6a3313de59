/// Refuses a run whose outputs would land on one of its inputs: `scan dir/cleansed.csv --out dir`
/// would otherwise replace the manifest it reads. Files are compared by device and inode, so a
/// symlink or hard link to an input is caught as surely as the same path. Every command that
/// writes outputs (scan, rescan, merge) calls this before it writes anything.
public enum InputProtection {
    public static func check(outputs: [String], inputs: [String]) throws(OutputError) {
        var inputByIdentity: [FileIdentity: String] = [:]
        for input in inputs {
            if let identity = FileIdentity(path: input) { inputByIdentity[identity] = input }
        }
        for output in outputs {
            // The output's target (written through a symlink) and the entry itself (renamed over).
            for identity in [FileIdentity(path: output), FileIdentity(path: output, followingSymlinks: false)] {
                if let identity, let input = inputByIdentity[identity] {
                    throw .overwritesInput(output: output, input: input)
                }
            }
        }
    }
}
