import Foundation

/// A generated, benign dataset for the demo and the end-to-end tests: images of all four formats
/// served from a loopback server, a manifest that links to them, and hash lists that plant known
/// matches, so that which rows must be quarantined is known by construction.
public struct DemoDataset: Sendable {
    /// What the dataset planted in a row, and so what a scan must conclude.
    public enum Plant: String, Sendable, CaseIterable {
        /// An ordinary image that no list names: stays.
        case clean
        /// The served bytes' MD5, SHA-1 or SHA-256 is listed: quarantined at the bytes stage.
        case exactDigest = "exact-digest"
        /// A re-encoded or resized copy of a listed image: quarantined at the pixels stage (PDQ).
        case nearDuplicate = "near-duplicate"
        /// The URL (raw or as SHA-256) is listed: quarantined at the URL stage, never fetched.
        case listedURL = "listed-url"
        /// The server answers 404: stays (it matched nothing), counted as a fetch failure.
        case missing
        /// The server answers with HTML: stays, counted as not an image.
        case notAnImage = "not-an-image"
        /// The row's URL is unusable: rejected.
        case badURL = "bad-url"

        public var expectedVerdict: RowResult.Verdict {
            switch self {
            case .exactDigest, .nearDuplicate, .listedURL: return .quarantined
            case .badURL: return .rejected
            case .clean, .missing, .notAnImage: return .kept
            }
        }
    }

    public struct Row: Sendable {
        public let path: String
        public let caption: String
        public let plant: Plant
        /// What the server returns for `path`; nil answers 404.
        public let body: [UInt8]?
        public let width: Int
        public let height: Int
    }

    public let rows: [Row]
    /// Native-format list of digest and PDQ entries (does not depend on the server's port).
    public let contentList: String

    private static let formats: [ImageFormat] = [.jpeg, .png, .webp, .gif]
    private static let sizes: [(Int, Int)] = [(320, 240), (256, 256), (400, 300), (240, 360), (512, 384)]

    /// `count` rows; the same count always gives the same dataset.
    public static func make(count: Int) -> DemoDataset {
        var rows: [Row] = []
        var list = "# Demo list: digests and PDQ hashes of linksieve's own generated, benign demo images.\n"
        list += "algorithm,value,label,category\n"
        for index in 0..<count {
            let format = formats[index % formats.count]
            let (width, height) = sizes[index % sizes.count]
            let pixels = SyntheticImage.make(seed: UInt64(index) + 1, width: width, height: height)
            var plant = plant(for: index)
            var served = encode(pixels, as: format)
            switch plant {
            case .exactDigest:
                let digests = Digests.compute(served)
                let (algorithm, value) = [("md5", digests.md5), ("sha1", digests.sha1), ("sha256", digests.sha256)][
                    (index / 10) % 3]
                list += "\(algorithm),\(value),demo-image-\(index),demo\n"
            case .nearDuplicate:
                // The list holds the original's PDQ; the server has a different file of the same picture.
                list += "pdq,\(PDQHasher.hash(pixels).hash.hex),demo-image-\(index),demo\n"
                served = (index / 10) % 2 == 0
                    ? ImageEncoder.jpeg(pixels, quality: 55)
                    : ImageEncoder.png(pixels.resized(to: width * 3 / 4, height: height * 3 / 4))
                plant = .nearDuplicate
            case .notAnImage:
                served = Array("<!doctype html><title>moved</title><p>This page has moved.</p>\n".utf8)
            case .missing:
                rows.append(Row(path: "/images/\(index).\(format.fileExtension)", caption: caption(index),
                                plant: plant, body: nil, width: width, height: height))
                continue
            case .clean, .listedURL, .badURL:
                break
            }
            rows.append(Row(path: "/images/\(index).\(format.fileExtension)", caption: caption(index),
                            plant: plant, body: served, width: width, height: height))
        }
        return DemoDataset(rows: rows, contentList: list)
    }

    private static func plant(for index: Int) -> Plant {
        switch index % 20 {
        case 3, 13: return .exactDigest
        case 6, 16: return .nearDuplicate
        case 9: return .listedURL
        case 11: return .missing
        case 18: return index % 40 == 18 ? .notAnImage : .badURL
        default: return .clean
        }
    }

    private static func caption(_ index: Int) -> String {
        "Demo picture \(index), \"generated\" for linksieve"
    }

    private static func encode(_ pixels: Pixels, as format: ImageFormat) -> [UInt8] {
        switch format {
        case .jpeg: return ImageEncoder.jpeg(pixels, quality: 90)
        case .png: return ImageEncoder.png(pixels)
        case .webp: return ImageEncoder.webp(pixels, quality: 85)
        case .gif: return ImageEncoder.gif(pixels)
        }
    }

    /// The manifest (CSV, LAION-like columns) for a server at `baseURL`.
    public func manifestCSV(baseURL: String) -> String {
        var csv = "url,caption,width,height\n"
        var unusable = 0
        for row in rows {
            let quoted = "\"" + row.caption.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            guard row.plant == .badURL else {
                csv += "\(baseURL + row.path),\(quoted),\(row.width),\(row.height)\n"
                continue
            }
            // Three ways a row is unusable: a scheme other than http(s), no host, a missing field.
            switch unusable % 3 {
            case 0: csv += "ftp://files.example\(row.path),\(quoted),\(row.width),\(row.height)\n"
            case 1: csv += "http://\(row.path),\(quoted),\(row.width),\(row.height)\n"
            default: csv += "\(baseURL + row.path),\(quoted),\(row.width)\n"
            }
            unusable += 1
        }
        return csv
    }

    /// A list of URL entries for the rows planted as listed URLs; alternates raw URLs and
    /// SHA-256 of the normalised URL. Depends on the port, so it is made per run.
    public func urlList(baseURL: String) throws -> String {
        var list = "algorithm,value,label\n"
        for (offset, row) in rows.enumerated() where row.plant == .listedURL {
            let url = baseURL + row.path
            if offset % 40 == 9 {
                list += "url,\(url),demo-url-\(offset)\n"
            } else {
                list += "url-sha256,\(URLNormalizer.sha256Hex(of: try URLNormalizer.normalize(url))),demo-url-\(offset)\n"
            }
        }
        return list
    }
}

extension ImageFormat {
    var fileExtension: String {
        switch self {
        case .jpeg: return "jpg"
        case .png: return "png"
        case .webp: return "webp"
        case .gif: return "gif"
        }
    }
}
