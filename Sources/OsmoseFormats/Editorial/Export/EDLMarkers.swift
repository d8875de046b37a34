import Foundation
import OsmoseDomain

extension MarkerExport {
    /// A CMX 3600 edit decision list with Avid locators, which Avid and Resolve import.
    ///
    /// One cut event per clip on V, with its reel (8 characters at most, letters, digits and `_`),
    /// `* FROM CLIP NAME:` (the file name, as Resolve matches it) and `* SOURCE FILE:`. Each marker
    /// is a `* LOC:` line at its record timecode, as Avid writes locators. Locator timecodes always
    /// use `:` (the FCM line says whether they count drop-frame), because the common readers only
    /// match that form; event timecodes use `;` for drop-frame. A clip at another rate than the
    /// timeline keeps its own source timecode: an EDL has one rate, and media is found by its
    /// timecode.
    enum EDLWriter {
        static func write(_ layout: Layout) -> String {
            var out = "TITLE: \(String(oneLine(layout.title).prefix(70)))\n"
            out += "FCM: \(layout.rate.dropFrame ? "DROP FRAME" : "NON-DROP FRAME")\n\n"
            for (index, placement) in layout.placements.enumerated() {
                let clip = placement.clip
                let recordIn = timecode(placement.recordIn, layout.rate)
                let recordOut = timecode(placement.recordOut, layout.rate)
                let event = String(format: "%03d", index + 1)
                let reel = reelName(clip.reel).padding(toLength: 8, withPad: " ", startingAt: 0)
                out += "\(event)  \(reel) V     C        \(clip.start) \(clip.end) \(recordIn) \(recordOut)\n"
                out += "* FROM CLIP NAME: \(oneLine(clip.fileName))\n"
                out += "* SOURCE FILE: \(oneLine(clip.absolutePath ?? clip.path))\n"
                for marker in placement.markers {
                    // Locators mark the record side: the marker's place in the clip, in timeline
                    // frames rounded down, which always falls within the clip's record range.
                    let offset = Layout.timelineFrames(
                        marker.at.frame - clip.start.frame, of: clip.rate, in: layout.rate, roundingUp: false)
                    let at = placement.recordIn + offset
                    let colour = colour(of: marker).padding(toLength: 7, withPad: " ", startingAt: 0)
                    out += "* LOC: \(locatorTimecode(at, layout.rate)) \(colour) \(markerName(marker))\n"
                }
                out += "\n"
            }
            return out
        }

        /// A reel name CMX readers accept: ASCII letters, digits and `_`, 8 at most.
        static func reelName(_ reel: String) -> String {
            let folded = reel.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
            let kept = String(
                folded.unicodeScalars.map { scalar -> Character in
                    scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "_")
                        ? Character(scalar) : "_"
                })
            let edges = CharacterSet(charactersIn: "_")
            let trimmed = String(kept.trimmingCharacters(in: edges).prefix(8)).trimmingCharacters(in: edges)
            return trimmed.isEmpty ? "AX" : trimmed
        }

        private static func timecode(_ frame: Int, _ rate: FrameRate) -> String {
            // The layout keeps every record frame within the day.
            (try? Timecode(frame: frame, rate: rate))?.description ?? "00:00:00:00"
        }

        private static func locatorTimecode(_ frame: Int, _ rate: FrameRate) -> String {
            timecode(frame, rate).replacingOccurrences(of: ";", with: ":")
        }
    }
}
