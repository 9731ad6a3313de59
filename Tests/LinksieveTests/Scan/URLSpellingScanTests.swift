import Foundation
import Synchronization
import Testing
@testable import Linksieve
import LoopbackServers

/// Scans through a loopback server that logs every request: a listed URL is caught however a row
/// spells it, and a redirect to a listed URL, URL hash or domain is caught before the target is
/// requested. The server counts what linksieve asked for, so "never fetched" is observed, not assumed.
@Suite("URL spellings in a scan")
struct URLSpellingScanTests {
    /// The request targets a server received, shared with its connection threads.
    final class RequestLog: Sendable {
        private let paths = Mutex<[String]>([])

        func add(_ path: String) { paths.withLock { $0.append(path) } }
        var all: [String] { paths.withLock { $0 } }
        func count(_ path: String) -> Int { all.filter { $0 == path }.count }
    }

    /// Serves `/img/…` as a small body and `/go/…` as redirects built from the request's own Host.
    static func server(log: RequestLog) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request in
            log.add(request.path)
            let port = request.headers["host"]?.split(separator: ":").last.map(String.init) ?? ""
            let redirects = [
                "/go/relative": "/img/listed.png",
                "/go/spelled": "http://2130706433:\(port)/img/listed.png",
                "/go/encoded": "/x/%2e%2e/img/listed.png",
                "/go/userinfo": "http://someone@127.1:\(port)/%69mg/listed.png",
                "/go/domain": "http://localhost:\(port)/img/any.png",
                "/go/hashed": "/img/hashed.png",
                "/go/chain": "/go/relative",
                "/go/fine": "/img/fine.png",
            ]
            if let location = redirects[request.path] { return .redirect(to: location) }
            guard request.path.hasPrefix("/img/") else { return .init(status: 404) }
            return .init(headers: [("Content-Type", "image/png")], body: Array("not really a png".utf8))
        }
    }

    /// Scan options for `rows` (one URL per row) with `list` as the only list, loopback allowed.
    static func options(rows: [String], list: String, in dir: TemporaryDirectory) throws -> ScanOptions {
        try FileManager.default.createDirectory(atPath: dir.file("lists"), withIntermediateDirectories: true)
        try dir.write("lists/urls.csv", "algorithm,value,label\n" + list)
        let manifest = try dir.write("manifest.jsonl", rows.map { "{\"url\": \"\($0)\"}\n" }.joined())
        var options = ScanOptions(manifestPath: manifest, listPaths: [dir.file("lists")], outputDirectory: dir.file("out"))
        options.fetch.allowPrivateAddresses = true
        options.fetch.retries = 0
        return options
    }

    static func quarantine(in options: ScanOptions) throws -> [Int: [String: Any]] {
        let text = try String(contentsOfFile: options.outputDirectory + "/quarantine.jsonl", encoding: .utf8)
        var records: [Int: [String: Any]] = [:]
        for line in text.split(separator: "\n") {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            records[try #require(record["row"] as? Int)] = record
        }
        return records
    }

    @Test("every spelling of a listed URL is quarantined at the URL stage and never requested")
    func spellingsOfAListedURL() throws {
        let log = RequestLog()
        let server = try Self.server(log: log)
        let p = server.port
        let spellings = [
            "http://2130706433:\(p)/img/listed.png",
            "http://127.1:\(p)/img/listed.png",
            "http://127.0.1:\(p)/img/listed.png",
            "http://0x7f.1:\(p)/img/listed.png",
            "http://0x7F000001:\(p)/img/listed.png",
            "http://0177.0.0.1:\(p)/img/listed.png",
            "http://017700000001:\(p)/img/listed.png",
            "http://127.0.0.1.:\(p)/img/listed.png",
            "http://x@127.0.0.1:\(p)/img/listed.png",
            "http://user:secret@127.0.0.1:\(p)/img/listed.png",
            "http://127.0.0.1:\(p)/%69mg/listed%2Epng",
            "http://127.0.0.1:\(p)/img/x/%2e%2e/listed.png",
            "http://127.0.0.1:\(p)/x/%2E%2E/img/listed.png",
            "http://127.0.0.1:\(p)/img/./listed.png#top",
            "HTTP://127.0.0.1:0\(p)/img/listed.png",
            "http://\u{FF11}\u{FF12}\u{FF17}\u{FF0E}\u{FF10}\u{FF0E}\u{FF10}\u{FF0E}\u{FF11}:\(p)/img/listed.png",
            "http://127\u{3002}0\u{3002}0\u{3002}1:\(p)/img/listed.png",
            "http://LOCALHOST:\(p)/img/listed.png",
            "http://\u{FF4C}\u{FF4F}\u{FF43}\u{FF41}\u{FF4C}\u{FF48}\u{FF4F}\u{FF53}\u{FF54}:\(p)/img/listed.png",
            "http://localhost\u{3002}:\(p)/img/listed.png",
        ]
        let control = "http://127.0.0.1:\(p)/img/kept.png"
        let dir = try TemporaryDirectory("url-spellings")
        let list = "url,http://127.0.0.1:\(p)/img/listed.png,listed\nurl,http://localhost:\(p)/img/listed.png,listed-by-name\n"
        let options = try Self.options(rows: spellings + [control], list: list, in: dir)

        let report = try Scan(options: options).run()

        let records = try Self.quarantine(in: options)
        for (row, spelling) in spellings.enumerated() {
            #expect(records[row]?["stage"] as? String == "url", "\(spelling) was not caught")
            #expect(records[row]?["url"] as? String == spelling)
        }
        #expect(report.quarantined == spellings.count)
        #expect(report.cleansed == 1)
        #expect(log.all == ["/img/kept.png"])
    }

    @Test("a redirect to a listed URL, URL hash or domain quarantines the row, and the target is never requested")
    func redirectsIntoLists() throws {
        let log = RequestLog()
        let server = try Self.server(log: log)
        let base = server.baseURL
        let hashed = SHA256Hex.of("\(base)/img/hashed.png".utf8)
        let list = "url,\(base)/img/listed.png,listed\nurl-sha256,\(hashed),listed-hash\ndomain,localhost,listed-domain\n"
        let rows = ["relative", "spelled", "encoded", "userinfo", "domain", "hashed", "chain", "fine"].map { "\(base)/go/\($0)" }
        let dir = try TemporaryDirectory("url-redirects")
        let options = try Self.options(rows: rows, list: list, in: dir)

        let report = try Scan(options: options).run()

        let expected: [(row: Int, target: String, algorithm: String)] = [
            (0, "\(base)/img/listed.png", "url"), (1, "\(base)/img/listed.png", "url"),
            (2, "\(base)/img/listed.png", "url"), (3, "\(base)/img/listed.png", "url"),
            (4, "http://localhost:\(server.port)/img/any.png", "domain"),
            (5, "\(base)/img/hashed.png", "url-sha256"), (6, "\(base)/img/listed.png", "url"),
        ]
        let records = try Self.quarantine(in: options)
        #expect(records.count == expected.count)
        for (row, target, algorithm) in expected {
            let record = try #require(records[row], "row \(row) was not quarantined")
            #expect(record["stage"] as? String == "redirect", "row \(row)")
            #expect(record["algorithm"] as? String == algorithm, "row \(row)")
            #expect(record["url"] as? String == rows[row])
            #expect(record["final_url"] as? String == target, "row \(row)")
        }
        #expect(report.cleansed == 1)
        for target in ["/img/listed.png", "/img/any.png", "/img/hashed.png"] {
            #expect(log.count(target) == 0, "\(target) was requested")
        }
        #expect(log.count("/go/relative") == 2)
        #expect(log.count("/img/fine.png") == 1)

        let state = try StateStore(path: options.outputDirectory + "/state.sqlite")
        var finalURLs: [Int: String] = [:]
        try state.forEachResult { finalURLs[$0.row] = $0.fetch?.finalURL }
        #expect(finalURLs[7] == "\(base)/img/fine.png")
        #expect(finalURLs[0] == "\(base)/img/listed.png")
    }

    @Test("a rescan quarantines a row whose stored final URL is now on a list, without fetching")
    func rescanMatchesFinalURL() throws {
        let log = RequestLog()
        let server = try Self.server(log: log)
        let base = server.baseURL
        let dir = try TemporaryDirectory("url-redirect-rescan")
        let options = try Self.options(rows: ["\(base)/go/fine", "\(base)/img/direct.png"], list: "url,\(base)/img/elsewhere.png,x\n", in: dir)
        let first = try Scan(options: options).run()
        #expect(first.quarantined == 0)
        let requests = log.all.count

        try FileManager.default.createDirectory(atPath: dir.file("new-lists"), withIntermediateDirectories: true)
        try dir.write("new-lists/urls.csv", "algorithm,value,label\nurl,http://127.1:\(server.port)/%69mg/fine.png,now-listed\n")
        let rescan = RescanOptions(stateDirectory: options.outputDirectory, listPaths: [dir.file("new-lists")], outputDirectory: dir.file("rescan"))
        let report = try Rescan(options: rescan).run()

        #expect(log.all.count == requests)
        #expect(report.requests == 0)
        #expect(report.scan.quarantined == 1)
        #expect(report.newMatches == 1)
        let records = try Self.quarantine(in: ScanOptions(manifestPath: "", listPaths: [], outputDirectory: dir.file("rescan")))
        #expect(records.keys.sorted() == [0])
        #expect(records[0]?["stage"] as? String == "redirect")
        #expect(records[0]?["final_url"] as? String == "\(base)/img/fine.png")
    }

    @Test("a redirect to a URL the URL stage cannot read is not followed")
    func unreadableRedirectTarget() throws {
        let server = try LoopbackHTTPServer { request in
            // Port 0 is no port to the URL stage; libcurl would try it (on loopback, so nothing leaves).
            request.path == "/go" ? .redirect(to: "http://127.0.0.1:0/x") : .init(status: 200, body: [1])
        }
        let fetcher = try Fetcher(options: {
            var options = FetchOptions()
            options.allowPrivateAddresses = true
            options.redirectGate = MatchPolicy(lists: [], pdqThreshold: 31, pdqMinQuality: 50).redirectGate
            return options
        }())
        var results: [FetchResult] = []
        var sent = false
        fetcher.run(
            next: {
                defer { sent = true }
                return sent ? nil : FetchRequest(id: 0, url: server.baseURL + "/go")
            },
            completed: { results.append($0) })
        #expect(results.map(\.outcome) == [.invalidRedirect])
        #expect(results.first?.redirectRefusal?.problem != nil)
        #expect(server.requestCount == 1)
    }
}
