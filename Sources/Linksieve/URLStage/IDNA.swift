internal import CIDN2

/// Internationalised host names in their ASCII ("xn--") form by UTS #46 mapping through libidn2,
/// with the flags libcurl's own IDN conversion uses, so a host is looked up in the lists under the
/// name the fetch would resolve. The mapping is what folds full-width letters and dots, the
/// ideographic full stop and upper case, and NFC composes decomposed characters first.
enum IDNA {
    /// The ASCII form of `host`, or nil when libidn2 refuses it in both modes (libcurl then
    /// refuses to fetch it too).
    static func toASCII(_ host: String) -> String? {
        // Non-transitional processing (IDNA 2008: "ß" stays "ß"), then transitional for names
        // only IDNA 2003 accepts, in that order, as libcurl does.
        let attempts = [Int32(IDN2_NFC_INPUT.rawValue | IDN2_NONTRANSITIONAL.rawValue), Int32(IDN2_TRANSITIONAL.rawValue)]
        for flags in attempts {
            var output: UnsafeMutablePointer<CChar>?
            guard idn2_to_ascii_8z(host, &output, flags) == Int32(IDN2_OK.rawValue), let output else { continue }
            defer { idn2_free(output) }
            return String(cString: output)
        }
        return nil
    }
}
