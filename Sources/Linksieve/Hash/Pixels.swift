/// A decoded image as 8-bit samples: what PDQ hashes and what the encoders write.
public struct Pixels: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// 1 (grey) or 3 (RGB).
    public let channels: Int
    /// Row-major, channels interleaved; `width * height * channels` bytes.
    public var samples: [UInt8]

    public init(width: Int, height: Int, channels: Int, samples: [UInt8]) {
        precondition(width > 0 && height > 0, "image sides must be positive")
        precondition(channels == 1 || channels == 3, "pixels are grey (1) or RGB (3)")
        precondition(samples.count == width * height * channels, "sample count must be width * height * channels")
        self.width = width
        self.height = height
        self.channels = channels
        self.samples = samples
    }

    /// A bilinear resample to `width` x `height`, pixel centres aligned; used to make near-duplicates.
    public func resized(to width: Int, height: Int) -> Pixels {
        precondition(width > 0 && height > 0, "image sides must be positive")
        let scaleX = Double(self.width) / Double(width)
        let scaleY = Double(self.height) / Double(height)
        var out = [UInt8](repeating: 0, count: width * height * channels)
        for y in 0..<height {
            let sourceY = min(max((Double(y) + 0.5) * scaleY - 0.5, 0), Double(self.height - 1))
            let y0 = Int(sourceY)
            let y1 = min(y0 + 1, self.height - 1)
            let fy = sourceY - Double(y0)
            for x in 0..<width {
                let sourceX = min(max((Double(x) + 0.5) * scaleX - 0.5, 0), Double(self.width - 1))
                let x0 = Int(sourceX)
                let x1 = min(x0 + 1, self.width - 1)
                let fx = sourceX - Double(x0)
                for c in 0..<channels {
                    func sample(_ sx: Int, _ sy: Int) -> Double {
                        Double(samples[(sy * self.width + sx) * channels + c])
                    }
                    let top = sample(x0, y0) * (1 - fx) + sample(x1, y0) * fx
                    let bottom = sample(x0, y1) * (1 - fx) + sample(x1, y1) * fx
                    let value = top * (1 - fy) + bottom * fy
                    out[(y * width + x) * channels + c] = UInt8(min(max(value.rounded(), 0), 255))
                }
            }
        }
        return Pixels(width: width, height: height, channels: channels, samples: out)
    }
}
