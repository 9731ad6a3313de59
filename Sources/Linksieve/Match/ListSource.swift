/// One list as `--lists` names it: a list file, or a folder of partner pages (NCMEC XML, StopNCII or
/// Tech Against Terrorism JSON) fetched over time, which together make one list named after the folder.
public struct ListSource: Sendable, Equatable {
    /// The name reports give the list: the file name, or the folder name for pages.
    public let name: String
    /// The file, or the folder holding the pages.
    public let path: String
    /// The files read, in name order.
    public let files: [String]

    public init(name: String, path: String, files: [String]) {
        self.name = name
        self.path = path
        self.files = files
    }

    /// A single list file, named by its file name.
    public init(file: String) {
        self.init(name: file.split(separator: "/").last.map(String.init) ?? file, path: file, files: [file])
    }
}
