import Foundation
import OsmoseDomain

extension MarkerExport {
    /// Final Cut Pro XML 1.9, which Final Cut Pro 10.4.9 and later and DaVinci Resolve import.
    ///
    /// Resources hold one `format` per rate and one `asset` per clip (its start is the clip's
    /// timecode). The event holds a keyword collection per keyword, each clip as a browser clip
    /// with its keywords and markers (where Final Cut Pro logs), and the project whose spine lays
    /// the same clips end to end. Element order follows the 1.9 DTD: in an `asset-clip`, keywords
    /// and markers may come in any order, after anchored items and before filters.
    enum FCPXMLWriter {
        static func write(_ layout: Layout) -> String {
            // Drop-frame and non-drop rates of the same speed share one format.
            var formatIDs: [String: String] = [:]
            var formats: [String] = []
            var nextID = 1
            func formatID(_ rate: FrameRate) -> String {
                let key = "\(rate.numerator)/\(rate.denominator)"
                if let id = formatIDs[key] { return id }
                let id = "r\(nextID)"
                nextID += 1
                formatIDs[key] = id
                formats.append(
                    "        <format id=\"\(id)\" name=\"\(formatName(rate))\" frameDuration=\"\(frameDuration(rate))\" width=\"1920\" height=\"1080\"/>\n"
                )
                return id
            }
            let sequenceFormat = formatID(layout.rate)
            var assets = ""
            var assetIDs: [String] = []
            for placement in layout.placements {
                let clip = placement.clip
                let format = formatID(clip.rate)
                let id = "r\(nextID)"
                nextID += 1
                assetIDs.append(id)
                assets +=
                    "        <asset id=\"\(id)\" name=\"\(xml(clip.name, attribute: true))\""
                    + " start=\"\(rationalSeconds(frames: clip.start.frame, rate: clip.rate))\""
                    + " duration=\"\(rationalSeconds(frames: clip.durationFrames, rate: clip.rate))\""
                    + " hasVideo=\"1\" hasAudio=\"1\" format=\"\(format)\">\n"
                    + "            <media-rep kind=\"original-media\" src=\"\(xml(fileURL(clip), attribute: true))\"/>\n"
                    + "        </asset>\n"
            }

            var allKeywords: [String] = []
            var seenKeywords = Set<String>()
            for placement in layout.placements {
                for keyword in placement.clip.keywords + placement.markers.flatMap(\.keywords) {
                    let name = keywordName(keyword)
                    if !name.isEmpty && seenKeywords.insert(name).inserted { allKeywords.append(name) }
                }
            }

            let title = xml(layout.title, attribute: true)
            var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE fcpxml>\n<fcpxml version=\"1.9\">\n"
            out += "    <resources>\n"
            out += formats.joined()
            out += assets
            out += "    </resources>\n"
            out += "    <library>\n"
            out += "        <event name=\"\(title)\">\n"
            for keyword in allKeywords {
                out += "            <keyword-collection name=\"\(xml(keyword, attribute: true))\"/>\n"
            }
            for (placement, assetID) in zip(layout.placements, assetIDs) {
                out += assetClip(placement, ref: assetID, offset: nil, layout: layout, indent: 12)
            }
            out += "            <project name=\"\(title)\">\n"
            out +=
                "                <sequence format=\"\(sequenceFormat)\""
                + " duration=\"\(rationalSeconds(frames: layout.recordFrames, rate: layout.rate))\""
                + " tcStart=\"\(rationalSeconds(frames: layout.recordStart.frame, rate: layout.rate))\""
                + " tcFormat=\"\(layout.rate.dropFrame ? "DF" : "NDF")\">\n"
            out += "                    <spine>\n"
            for (placement, assetID) in zip(layout.placements, assetIDs) {
                out += assetClip(placement, ref: assetID, offset: placement.recordIn, layout: layout, indent: 24)
            }
            out += "                    </spine>\n"
            out += "                </sequence>\n"
            out += "            </project>\n"
            out += "        </event>\n"
            out += "    </library>\n"
            out += "</fcpxml>\n"
            return out
        }

        /// A clip, in the browser (`offset` nil) or on the spine at a record frame.
        private static func assetClip(_ placement: Placement, ref: String, offset: Int?, layout: Layout, indent: Int)
            -> String
        {
            let clip = placement.clip
            let pad = String(repeating: " ", count: indent)
            // On the spine, a clip at another rate than the project's lasts a whole number of
            // project frames, as Final Cut Pro keeps every edit on the project's frame grid.
            let duration =
                offset == nil || sameSpeed(clip.rate, layout.rate)
                ? rationalSeconds(frames: clip.durationFrames, rate: clip.rate)
                : rationalSeconds(frames: placement.recordFrames, rate: layout.rate)
            var out = pad + "<asset-clip ref=\"\(ref)\""
            if let offset { out += " offset=\"\(rationalSeconds(frames: offset, rate: layout.rate))\"" }
            out +=
                " name=\"\(xml(clip.name, attribute: true))\""
                + " start=\"\(rationalSeconds(frames: clip.start.frame, rate: clip.rate))\""
                + " duration=\"\(duration)\""
                + " tcFormat=\"\(clip.rate.dropFrame ? "DF" : "NDF")\">\n"
            let inner = pad + "    "
            let clipKeywords = clip.keywords.map(keywordName).filter { !$0.isEmpty }
            if !clipKeywords.isEmpty {
                out +=
                    inner + "<keyword start=\"\(rationalSeconds(frames: clip.start.frame, rate: clip.rate))\""
                    + " duration=\"\(rationalSeconds(frames: clip.durationFrames, rate: clip.rate))\""
                    + " value=\"\(xml(clipKeywords.joined(separator: ", "), attribute: true))\"/>\n"
            }
            for marker in placement.markers {
                let frames = (marker.out?.frame ?? marker.at.frame + 1) - marker.at.frame
                let start = rationalSeconds(frames: marker.at.frame, rate: clip.rate)
                let length = rationalSeconds(frames: frames, rate: clip.rate)
                let words = marker.keywords.map(keywordName).filter { !$0.isEmpty }
                if !words.isEmpty {
                    out +=
                        inner + "<keyword start=\"\(start)\" duration=\"\(length)\""
                        + " value=\"\(xml(words.joined(separator: ", "), attribute: true))\"/>\n"
                }
                out +=
                    inner
                    + "<marker start=\"\(start)\" duration=\"\(length)\" value=\"\(xml(markerName(marker), attribute: true))\""
                if !marker.note.isEmpty { out += " note=\"\(xml(marker.note, attribute: true))\"" }
                out += "/>\n"
            }
            return out + pad + "</asset-clip>\n"
        }

        /// A keyword as one item of Final Cut Pro's comma-separated list.
        static func keywordName(_ keyword: String) -> String {
            oneLine(keyword.replacingOccurrences(of: ",", with: " ")).replacingOccurrences(of: "  ", with: " ")
        }

        /// Final Cut Pro's name for a 1080p format at `rate`.
        static func formatName(_ rate: FrameRate) -> String {
            let suffix =
                switch (rate.timebase, rate.denominator) {
                case (24, 1_001): "2398"
                case (30, 1_001): "2997"
                case (60, 1_001): "5994"
                default: "\(rate.timebase)"
                }
            return "FFVideoFormat1080p" + suffix
        }
    }
}
