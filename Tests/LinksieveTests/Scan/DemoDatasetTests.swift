import Foundation
import Testing
@testable import Linksieve

@Suite("Demo dataset")
struct DemoDatasetTests {
    private var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test("Hashlists/demo.csv is exactly the list the 200-image demo generates, and loads")
    func committedDemoList() throws {
        let committed = repositoryRoot.appendingPathComponent("Hashlists/demo.csv").path
        #expect(try String(contentsOfFile: committed, encoding: .utf8) == DemoDataset.make(count: 200).contentList)
        let list = try #require(try HashListLoader.load(paths: [committed]).first)
        #expect(list.counts[.pdq] == 20)
        let digestEntries: Int = [HashAlgorithm.md5, .sha1, .sha256].reduce(0) { $0 + (list.counts[$1] ?? 0) }
        #expect(digestEntries == 20)
    }

    @Test("every kind of row is planted, and unusable rows come in all three forms")
    func plantsEveryCase() throws {
        let dataset = DemoDataset.make(count: 120)
        let planted = Set(dataset.rows.map(\.plant))
        let everyCase = Set(DemoDataset.Plant.allCases)
        #expect(planted == everyCase)
        let dir = try TemporaryDirectory()
        let reader = try ManifestReader(path: try dir.write("m.csv", dataset.manifestCSV(baseURL: "http://127.0.0.1:1")))
        var reasons = Set<String>()
        while let record = try reader.next() {
            guard dataset.rows[record.index].plant == .badURL else { continue }
            switch record.url {
            case .failure(let problem): reasons.insert(problem.reason)
            case .success(let url):
                do { _ = try URLNormalizer.normalize(url) } catch { reasons.insert(error.reason) }
            }
        }
        let expected: Set<String> = ["unsupported-scheme", "invalid-url", "malformed-row"]
        #expect(reasons == expected)
    }
}
