import Foundation

/// A size as people read it: `812 B`, `4.20 kB`, `285.5 MB`, `1.07 GB` (decimal units, as drives are sold).
public enum ByteSize {
    public static func describe(_ count: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(count), unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: value < 10 ? "%.2f" : "%.1f", value) + " " + units[unit]
    }
}
