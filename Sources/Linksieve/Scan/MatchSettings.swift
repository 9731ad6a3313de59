/// What decides a row's verdict besides its content: the lists (by digest) and the settings that
/// change how they match. A state database remembers it, so a resumed scan cannot quietly match
/// its remaining rows differently from the rows it already has.
struct MatchSettings {
    let fingerprint: String

    init(lists: [HashList], options: ScanOptions, policy: ListPolicy = .none) {
        let stage = options.hashStage
        fingerprint = ([
            "lists=" + lists.map { "\($0.name):\($0.sha256)" }.sorted().joined(separator: ","),
            "pdq-threshold=\(options.pdqThreshold)", "pdq-min-quality=\(options.pdqMinQuality)",
            "pdq-mode=\(stage.pdqMode.rawValue)", "pdq-dihedral=\(stage.dihedral)", "fast-decode=\(stage.fastDecode)",
            "max-pixels=\(stage.maxPixels)", "drop-opted-out=\(options.dropOptedOut)",
            "url-column=\(options.urlColumn ?? "")",
        ] + (policy.sha256.map { ["list-policy=" + $0] } ?? [])).joined(separator: " ")
    }
}
