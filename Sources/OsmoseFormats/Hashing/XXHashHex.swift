/// Formatting of xxHash values in the canonical form printed by `xxhsum`.
///
/// `xxhsum` prints the canonical (big-endian) byte representation of a hash as
/// lowercase hexadecimal: 16 digits for XXH64 and XXH3-64, 32 digits for XXH128
/// (the high 64 bits first, then the low 64 bits). Leading zeros are kept.
public enum XXHashHex {
    /// Canonical big-endian hex as `xxhsum` prints it: 16 lowercase digits.
    /// - Parameter value: A 64-bit hash (XXH64 or XXH3-64).
    /// - Returns: For example `"ef46db3751d8e999"` for XXH64 of empty input.
    public static func hex(_ value: UInt64) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        write(value, into: &bytes, at: 0)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Canonical big-endian hex as `xxhsum` prints it: 32 lowercase digits, high then low.
    /// - Parameter value: A 128-bit hash (XXH128) as its high and low halves.
    /// - Returns: For example `"99aa06d3014798d86001c324468d497f"` for XXH128 of empty input.
    public static func hex(_ value: (high: UInt64, low: UInt64)) -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        write(value.high, into: &bytes, at: 0)
        write(value.low, into: &bytes, at: 16)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func write(_ value: UInt64, into bytes: inout [UInt8], at start: Int) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { d in
            for i in 0..<16 {
                let nibble = Int(truncatingIfNeeded: (value &>> UInt64(60 - 4 * i)) & 0xF)
                bytes[start + i] = d[nibble]
            }
        }
    }
}
