import Foundation
import Testing
@testable import Linksieve

/// The formats hash-sharing programs deliver: NCMEC XML pages, StopNCII and Tech Against Terrorism JSON,
/// python-threatexchange's local file. Fixtures are written here from small generators.
@Suite("Partner list importers")
struct PartnerListImporterTests {
    static let pdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"

    static func hex(_ seed: Int, digits: Int) -> String {
        String(String(repeating: String(format: "%02x", seed % 256), count: digits).prefix(digits))
    }

    /// One NCMEC v2 page; `entries` are inner XML of `<images>` and `<videos>`.
    static func ncmecPage(images: [String] = [], videos: [String] = []) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <queryResult xmlns="https://hashsharing.ncmec.org/hashsharing/v2">
            <images count="\(images.count)">\(images.joined(separator: "\n"))</images>
            <videos count="\(videos.count)">\(videos.joined(separator: "\n"))</videos>
            <paging><next>/v2/entries?from=x&amp;to=y</next></paging>
        </queryResult>
        """
    }

    static func ncmecEntry(
        _ kind: String = "image", member: String = "42", id: String, time: String, classification: String = "A1",
        fingerprints: String
    ) -> String {
        """
        <\(kind)>
            <member id="\(member)">Member \(member)</member>
            <timestamp>\(time)</timestamp>
            <id>\(id)</id>
            <classification>\(classification)</classification>
            <fingerprints>\(fingerprints)</fingerprints>
            <feedback><affirmativeFeedback type="Md5"><members><member id="99">Someone else</member></members></affirmativeFeedback></feedback>
        </\(kind)>
        """
    }

    static func ncmecTombstone(_ kind: String = "deletedImage", member: String = "42", id: String, time: String) -> String {
        "<\(kind)><member id=\"\(member)\">Member \(member)</member><id>\(id)</id><timestamp>\(time)</timestamp></\(kind)>"
    }

    @Test("NCMEC: md5, sha1 and pdq kept for images and videos, pdna unsupported, video fingerprints skipped by type")
    func ncmecKeepsEveryDigest() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("ncmec.xml", Self.ncmecPage(
            images: [Self.ncmecEntry(id: "i1", time: "2017-10-24T15:00:00Z", fingerprints: """
                <md5>\(Self.hex(1, digits: 32).uppercased())</md5><sha1>\(Self.hex(2, digits: 40))</sha1>
                <pdq>\(Self.pdq)</pdq><pdna>\(Self.hex(3, digits: 20)),1,2,3</pdna>
                """)],
            videos: [Self.ncmecEntry("video", id: "v1", time: "2017-10-24T15:00:00Z", classification: "B2", fingerprints: """
                <md5>\(Self.hex(4, digits: 32))</md5><sha1>\(Self.hex(5, digits: 40))</sha1>
                <tmk-pdqf rel="self" href="/v2/entries/1/fingerprints/TMK_PDQF"/>
                <videntifier rel="self" href="/v2/entries/1/fingerprints/VIDENTIFIER"/>
                """)]))
        let list = try HashListLoader.loadList(path: path)
        #expect(list.format == .ncmecXML)
        #expect(list.counts == [.md5: 2, .sha1: 2, .pdq: 1, .photoDNA: 1])
        #expect(list.skipped == ["tmk-pdqf": 1, "videntifier": 1])
        let entries = list.entries
        #expect(entries.contains(HashListEntry(algorithm: .md5, value: Self.hex(1, digits: 32), label: "Member 42", category: "A1")))
        #expect(entries.contains(HashListEntry(algorithm: .md5, value: Self.hex(4, digits: 32), label: "Member 42", category: "B2")))
        #expect(entries.contains(HashListEntry(algorithm: .pdq, value: Self.pdq, label: "Member 42", category: "A1")))
        // The matcher finds a video file's MD5 like any digest of bytes.
        let matches = HashMatcher(lists: [list]).match(
            digests: ContentDigests(md5: Self.hex(4, digits: 32), sha1: Self.hex(9, digits: 40), sha256: Self.hex(9, digits: 64)))
        #expect(matches.map(\.category) == ["B2"])
    }

    @Test("NCMEC: a folder of pages is one list; the latest record wins and tombstones delete, whatever the file order")
    func ncmecPagesInAnyOrder() throws {
        let folder = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder.file("ncmec"), withIntermediateDirectories: true)
        // Page "a" holds the newest state but is read first; "c" holds the oldest.
        _ = try folder.write("ncmec/a.xml", Self.ncmecPage(
            images: [
                Self.ncmecEntry(id: "update", time: "2020-03-01T00:00:00Z", classification: "A2",
                                fingerprints: "<md5>\(Self.hex(0x11, digits: 32))</md5>"),
                Self.ncmecTombstone(id: "delete", time: "2020-03-01T00:00:00.500Z"),
            ]))
        _ = try folder.write("ncmec/b.xml", Self.ncmecPage(
            videos: [Self.ncmecEntry("video", member: "7", id: "update", time: "2020-01-01T00:00:00Z",
                                     fingerprints: "<md5>\(Self.hex(0x22, digits: 32))</md5>")]))
        _ = try folder.write("ncmec/c.xml", Self.ncmecPage(
            images: [
                Self.ncmecEntry(id: "update", time: "2020-02-01T00:00:00+01:00", classification: "A1",
                                fingerprints: "<md5>\(Self.hex(0x33, digits: 32))</md5>"),
                Self.ncmecEntry(id: "delete", time: "2020-03-01T00:00:00Z",
                                fingerprints: "<md5>\(Self.hex(0x44, digits: 32))</md5>"),
            ]))
        let sources = try HashListLoader.listSources(paths: [folder.path])
        #expect(sources.map(\.name) == ["ncmec"])
        #expect(sources[0].files.count == 3)
        let lists = try HashListLoader.load(paths: [folder.path])
        #expect(lists.count == 1)
        let list = lists[0]
        // Member 42's "update" is A2 from page a; member 7's own "update" is another entry; "delete" is gone.
        #expect(list.entries == [
            HashListEntry(algorithm: .md5, value: Self.hex(0x11, digits: 32), label: "Member 42", category: "A2"),
            HashListEntry(algorithm: .md5, value: Self.hex(0x22, digits: 32), label: "Member 7", category: "A1"),
        ])
        #expect(list.withdrawn == 1)
        #expect(list.replaced == 2)
    }

    @Test("NCMEC: a bad fingerprint names the file, line and entry; a page of another root is refused")
    func ncmecErrors() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("bad.xml", Self.ncmecPage(images: [
            Self.ncmecEntry(id: "ok", time: "2020-01-01T00:00:00Z", fingerprints: "<md5>\(Self.hex(1, digits: 32))</md5>"),
            Self.ncmecEntry(id: "bad", time: "2020-01-01T00:00:00Z", fingerprints: "<md5>abc</md5>"),
        ]))
        let error = #expect(throws: HashListError.self) { try HashListLoader.loadList(path: path) }
        let text = error?.description ?? ""
        #expect(text.hasPrefix(path + ":"))
        #expect(text.contains("<image> number 2"))
        #expect(text.contains("32 hex digits"))
        #expect(!text.contains("abc"))
        let other = try folder.write("status.xml", "<?xml version=\"1.0\"?>\n<status><member id=\"1\">x</member></status>")
        let refused = #expect(throws: HashListError.self) { try HashListLoader.loadList(path: other) }
        #expect(refused?.description.contains("<queryResult>") == true)
        let noTime = try folder.write("notime.xml", Self.ncmecPage(images: [
            Self.ncmecEntry(id: "x", time: "yesterday", fingerprints: "<md5>\(Self.hex(1, digits: 32))</md5>"),
        ]))
        #expect(throws: HashListError.self) { try HashListLoader.loadList(path: noTime) }
    }

    @Test("NCMEC: .xml.gz pages in a folder are read like plain ones; entries cut at any chunk edge read the same")
    func ncmecGzipAndChunkEdges() throws {
        let folder = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: folder.file("feed"), withIntermediateDirectories: true)
        let page = Self.ncmecPage(
            images: (0..<5).map { index in
                Self.ncmecEntry(id: "i\(index)", time: "2021-01-01T00:00:0\(index)Z", classification: "A&amp;\(index)",
                                fingerprints: "<md5>\(Self.hex(index, digits: 32))</md5><pdq>\(Self.pdq)</pdq>")
            },
            videos: [Self.ncmecEntry("video", id: "v", time: "2021-01-01T00:00:00Z", fingerprints: "<![CDATA[]]><md5>\(Self.hex(9, digits: 32))</md5>")])
        _ = try folder.write("feed/a.xml.gz", page, gzip: true)
        _ = try folder.write("feed/b.xml", Self.ncmecPage(images: [Self.ncmecTombstone(id: "i0", time: "2021-02-01T00:00:00Z")]))
        let lists = try HashListLoader.load(paths: [folder.path])
        #expect(lists.map(\.name) == ["feed"])
        #expect(lists.first?.format == .ncmecXML)
        #expect(lists.first?.withdrawn == 1)
        #expect(lists.first?.counts == [.md5: 5, .pdq: 1])
        #expect(lists.first?.entries.contains(
            HashListEntry(algorithm: .md5, value: Self.hex(3, digits: 32), label: "Member 42", category: "A&3")) == true)

        // The same page read in chunks of a few bytes gives the same list as in one chunk.
        let plain = try folder.write("page.xml", page)
        func entries(chunkSize: Int) throws -> [HashListEntry] {
            var ledger = PartnerRecordLedger()
            try NCMECXMLImporter.read(path: plain, into: &ledger, chunkSize: chunkSize)
            var builder = HashListBuilder()
            ledger.build(into: &builder)
            return builder.build(name: "page.xml", path: plain, sha256: "", format: .ncmecXML).entries
        }
        let whole = try entries(chunkSize: ZlibFileInput.chunkSize)
        #expect(whole.count == 7)
        for size in [1, 3, 17, 64] { #expect(try entries(chunkSize: size) == whole, "chunk size \(size)") }
    }

    static func stopNCIIRecord(_ type: String, _ value: String, status: String, time: Int, cases: [String] = ["c1"]) -> String {
        let caseNumbers = cases.map { "\"\($0)\": \"\(status)\"" }.joined(separator: ", ")
        return """
            {"lastModtimestamp": \(time), "signalType": "\(type)", "hashValue": "\(value)", "hashStatus": "\(status)",
             "caseNumbers": {\(caseNumbers)}, "CSPFeedbacks": [{"feedbackValue": "Blocked", "tags": ["x"], "source": "csp"}]}
            """
    }

    static func stopNCIIPage(_ records: [String], more: Bool) -> String {
        "{\"count\": \(records.count), \"nextPageToken\": \"t\", \"nextSetTimestamp\": 5, \"hasMoreRecords\": \(more),\n"
            + "\"hashRecords\": [\n" + records.joined(separator: ",\n") + "\n]}\n"
    }

    @Test("StopNCII: Withdrawn and Deleted remove a hash, later records replace earlier, pages concatenated or in files")
    func stopNCII() throws {
        let pdqA = Self.pdq
        let pdqB = "0" + Self.pdq.dropFirst()
        let pdqC = "00" + Self.pdq.dropFirst(2)
        let md5 = Self.hex(0x5A, digits: 32)
        let newer = Self.stopNCIIPage([
            Self.stopNCIIRecord("ImagePDQ", pdqA, status: "Withdrawn", time: 300),
            Self.stopNCIIRecord("ImagePDQ", pdqB, status: "Active", time: 300, cases: ["c9", "c2"]),
            Self.stopNCIIRecord("VideoMD5", md5, status: "Active", time: 300),
        ], more: false)
        let older = Self.stopNCIIPage([
            Self.stopNCIIRecord("ImagePDQ", pdqA, status: "Active", time: 100),
            Self.stopNCIIRecord("ImagePDQ", pdqB, status: "Received", time: 100),
            Self.stopNCIIRecord("ImagePDQ", pdqC, status: "Deleted", time: 100),
            Self.stopNCIIRecord("URL", "HTTP://Example.COM/a/../b.jpg", status: "Active", time: 100),
            Self.stopNCIIRecord("VideoTMK", "tmk-data", status: "Active", time: 100),
            Self.stopNCIIRecord("Text", "some words", status: "Active", time: 100),
        ], more: true)
        let folder = try TemporaryDirectory()
        // Newest page first in one file: the timestamps, not the order, decide.
        let concatenated = try folder.write("stopncii.json", newer + older)
        let list = try HashListLoader.loadList(path: concatenated)
        #expect(list.format == .stopNCIIJSON)
        #expect(list.counts == [.pdq: 1, .md5: 1, .url: 1])
        #expect(list.skipped == ["VideoTMK": 1, "Text": 1])
        #expect(list.withdrawn == 2)
        #expect(list.entries.contains(HashListEntry(algorithm: .pdq, value: pdqB, label: "c2 c9", category: nil)))
        #expect(list.entries.contains(HashListEntry(algorithm: .url, value: "http://example.com/b.jpg", label: "c1", category: nil)))
        #expect(!list.entries.contains { $0.value == pdqA || $0.value == pdqC })

        // The same pages as separate files (gzip too) in a folder give the same entries.
        try FileManager.default.createDirectory(atPath: folder.file("pages/stopncii"), withIntermediateDirectories: true)
        _ = try folder.write("pages/stopncii/page-1.json", newer)
        _ = try folder.write("pages/stopncii/page-2.json.gz", older, gzip: true)
        let paged = try HashListLoader.load(paths: [folder.file("pages")])
        #expect(paged.map(\.name) == ["stopncii"])
        #expect(paged[0].entries == list.entries)
        #expect(paged[0].withdrawn == 2)
    }

    @Test("StopNCII and TAT errors name the file, line and record")
    func jsonErrors() throws {
        let folder = try TemporaryDirectory()
        let missing = try folder.write("s.json", "{\"hashRecords\": [\n"
            + Self.stopNCIIRecord("ImagePDQ", Self.pdq, status: "Active", time: 1) + ",\n"
            + "{\"signalType\": \"ImagePDQ\", \"hashStatus\": \"Active\", \"lastModtimestamp\": 2}\n]}")
        let error = #expect(throws: HashListError.self) { try HashListLoader.loadList(path: missing) }
        #expect(error?.description == "\(missing):4: hashRecords record 2 has no hashValue")
        let broken = try folder.write("t.json", "{\"results\": [\n{\"hash_digest\": \"x\",\n \"algorithm\": }]}")
        let syntax = #expect(throws: HashListError.self) { try HashListLoader.loadList(path: broken) }
        #expect(syntax?.description.hasPrefix("\(broken):3: invalid JSON") == true)
        let neither = try folder.write("n.json", "{\"data\": []}")
        #expect(throws: HashListError.self) { try HashListLoader.loadList(path: neither) }
    }

    static func tatRecord(_ algorithm: String, _ digest: String, ideology: String, fileType: String, deleted: Bool, updated: String) -> String {
        """
        {"id": 1, "hash_digest": "\(digest)", "algorithm": "\(algorithm)", "ideology": "\(ideology)",
         "file_type": "\(fileType)", "deleted": \(deleted), "updated_on": \(updated), "created_on": "2025-03-03 23:05:22,587"}
        """
    }

    @Test("TAT: MD5 kept whatever the file type, ideology as category, deleted entries removed, later updates win")
    func techAgainstTerrorism() throws {
        let jpegMD5 = Self.hex(0x61, digits: 32)
        let videoMD5 = Self.hex(0x62, digits: 32)
        let text = "{\"count\": 5, \"next\": null, \"previous\": null, \"checkpoint\": \"1724856487.7,10594\", \"results\": [\n"
            + [
                Self.tatRecord("MD5", jpegMD5, ideology: "far-right", fileType: "jpg", deleted: false, updated: "1704901041.5"),
                Self.tatRecord("MD5", jpegMD5, ideology: "islamist", fileType: "jpg", deleted: false, updated: "1704901040.2"),
                Self.tatRecord("MD5", videoMD5, ideology: "islamist", fileType: "mp4", deleted: false, updated: "\"2024-01-10T15:37:20Z\""),
                Self.tatRecord("PDQ", Self.pdq, ideology: "islamist", fileType: "gif", deleted: false, updated: "1704901040.0"),
                Self.tatRecord("PDQ", Self.pdq, ideology: "islamist", fileType: "gif", deleted: true, updated: "1704901050.0"),
                Self.tatRecord("TMK", "abc", ideology: "islamist", fileType: "mp4", deleted: false, updated: "1"),
            ].joined(separator: ",\n") + "\n]}"
        let folder = try TemporaryDirectory()
        let list = try HashListLoader.loadList(path: try folder.write("tat.json", text))
        #expect(list.format == .tatJSON)
        #expect(list.entries == [
            HashListEntry(algorithm: .md5, value: jpegMD5, label: "jpg", category: "far-right"),
            HashListEntry(algorithm: .md5, value: videoMD5, label: "mp4", category: "islamist"),
        ])
        #expect(list.withdrawn == 1)
        #expect(list.skipped == ["TMK": 1])
    }

    @Test("python-threatexchange file: digests as md5/sha256, url_md5 as url-md5 matching the normalised URL, the rest skipped")
    func threatExchangeFile() throws {
        let url = try URLNormalizer.normalize("https://Example.com:443/a/./img.jpg")
        let urlMD5 = Digests.compute(Array(url.string.utf8)).md5
        let folder = try TemporaryDirectory()
        let path = try folder.write("te.txt", """
            pdq \(Self.pdq)
            url https://listed.example/x.png
            url_md5 \(urlMD5.uppercased())
            video_md5 \(Self.hex(7, digits: 32))
            video_sha256 \(Self.hex(8, digits: 64))
            raw_text some text that is not matched
            trend_query a query
            raw_text more text

            """)
        let list = try HashListLoader.loadList(path: path)
        #expect(list.format == .threatExchange)
        #expect(list.counts == [.pdq: 1, .url: 1, .urlMD5: 1, .md5: 1, .sha256: 1])
        #expect(list.skipped == ["raw_text": 2, "trend_query": 1])
        let matches = HashMatcher(lists: [list]).match(url: url)
        #expect(matches.map(\.algorithm) == [.urlMD5])
        #expect(matches.first?.observed == urlMD5)
        // A bad value names the file and line.
        let bad = try folder.write("bad.txt", "pdq \(Self.pdq)\nvideo_md5 1234\n")
        let error = #expect(throws: HashListError.self) { try HashListLoader.loadList(path: bad) }
        #expect(error?.description == "\(bad):2: video_md5: a md5 value is 32 hex digits (found 4 characters)")
    }

    @Test("--list-format forces a layout, and a mismatch is an error")
    func forcedFormat() throws {
        let folder = try TemporaryDirectory()
        let path = try folder.write("odd.txt", "photo_pdq \(Self.pdq)\n")
        #expect(try HashListLoader.loadList(path: path, format: .threatExchange).counts == [.pdq: 1])
        #expect(throws: HashListError.self) { try HashListLoader.loadList(path: path, format: .csvTable) }
        let json = try folder.write("records.json", Self.stopNCIIPage([Self.stopNCIIRecord("ImagePDQ", Self.pdq, status: "Active", time: 1)], more: false))
        #expect(throws: HashListError.self) { try HashListLoader.loadList(path: json, format: .tatJSON) }
    }
}
