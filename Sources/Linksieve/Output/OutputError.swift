/// Why a run may not write its outputs where it was asked to: each names the paths at fault.
public enum OutputError: Error, CustomStringConvertible, Equatable {
    /// An output would replace or write into one of the run's inputs.
    case overwritesInput(output: String, input: String)
    /// Another process holds the output directory's lock (its process id, when it wrote one).
    case locked(directory: String, pid: Int32?)
    /// The lock file could not be opened or taken.
    case cannotLock(path: String, reason: String)

    public var description: String {
        switch self {
        case .overwritesInput(let output, let input):
            return output == input
                ? "\(output): is an input of this run and would be overwritten by an output; choose another --out"
                : "\(output): would overwrite the input \(input) (the same file); choose another --out"
        case .locked(let directory, let pid):
            let holder = pid.map { "process \($0)" } ?? "another process"
            return "\(directory): in use by \(holder) (another linksieve run writes there); wait for it or choose another --out"
        case .cannotLock(let path, let reason):
            return "\(path): cannot lock the output directory: \(reason)"
        }
    }
}
