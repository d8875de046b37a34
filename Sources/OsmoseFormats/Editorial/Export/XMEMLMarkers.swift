import Foundation
import OsmoseDomain

extension MarkerExport {
    /// Final Cut Pro 7 XML (xmeml version 5), which Premiere Pro and Resolve import.
    ///
    /// One sequence with one video track. Each `clipitem` uses its whole file (`in` 0, `out` its
    /// duration, in its own frames) and places it with `start`/`end` in sequence frames. Marker
    /// `in`/`out` count frames from the start of the media, as Premiere reads them; `out` -1 is a
    /// point marker. The clip's keywords go to the logging note, which Premiere shows as "Log Note".
    enum XMEMLWriter {
        static func write(_ layout: Layout) -> String {
            let base = layout.recordStart.frame
            var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE xmeml>\n<xmeml version=\"5\">\n"
            out += "    <sequence id=\"sequence-1\">\n"
            out += "        <name>\(xml(layout.title))</name>\n"
            out += "        <duration>\(layout.recordFrames)</duration>\n"
            out += rate(layout.rate, indent: 8)
            out += timecode(layout.recordStart, reel: nil, indent: 8)
            out += "        <media>\n"
            out += "            <video>\n"
            out += "                <format>\n"
            out += "                    <samplecharacteristics>\n"
            out += rate(layout.rate, indent: 24)
            out += "                        <width>1920</width>\n"
            out += "                        <height>1080</height>\n"
            out += "                    </samplecharacteristics>\n"
            out += "                </format>\n"
            out += "                <track>\n"
            for (index, placement) in layout.placements.enumerated() {
                out += clipItem(placement, number: index + 1, base: base)
            }
            out += "                    <enabled>TRUE</enabled>\n"
            out += "                    <locked>FALSE</locked>\n"
            out += "                </track>\n"
            out += "            </video>\n"
            out += "        </media>\n"
            out += "    </sequence>\n"
            out += "</xmeml>\n"
            return out
        }

        private static func clipItem(_ placement: Placement, number: Int, base: Int) -> String {
            let clip = placement.clip
            let pad = String(repeating: " ", count: 20)
            var out = pad + "<clipitem id=\"clipitem-\(number)\">\n"
            out += pad + "    <masterclipid>masterclip-\(number)</masterclipid>\n"
            out += pad + "    <name>\(xml(clip.name))</name>\n"
            out += pad + "    <enabled>TRUE</enabled>\n"
            out += pad + "    <duration>\(clip.durationFrames)</duration>\n"
            out += rate(clip.rate, indent: 24)
            out += pad + "    <start>\(placement.recordIn - base)</start>\n"
            out += pad + "    <end>\(placement.recordOut - base)</end>\n"
            out += pad + "    <in>0</in>\n"
            out += pad + "    <out>\(clip.durationFrames)</out>\n"
            out += pad + "    <file id=\"file-\(number)\">\n"
            out += pad + "        <name>\(xml(clip.fileName))</name>\n"
            out += pad + "        <pathurl>\(xml(fileURL(clip, host: "localhost")))</pathurl>\n"
            out += rate(clip.rate, indent: 28)
            out += pad + "        <duration>\(clip.durationFrames)</duration>\n"
            out += timecode(clip.start, reel: clip.reel, indent: 28)
            out += pad + "        <media>\n"
            out += pad + "            <video>\n"
            out += pad + "                <samplecharacteristics>\n"
            out += rate(clip.rate, indent: 36)
            out += pad + "                </samplecharacteristics>\n"
            out += pad + "            </video>\n"
            out += pad + "        </media>\n"
            out += pad + "    </file>\n"
            for marker in placement.markers {
                out += pad + "    <marker>\n"
                out += pad + "        <name>\(xml(markerName(marker)))</name>\n"
                out += pad + "        <comment>\(xml(marker.note))</comment>\n"
                out += pad + "        <in>\(marker.at.frame - clip.start.frame)</in>\n"
                out += pad + "        <out>\(marker.out.map { "\($0.frame - clip.start.frame)" } ?? "-1")</out>\n"
                out += pad + "    </marker>\n"
            }
            let keywords = clip.keywords.filter { !$0.isEmpty }
            if !keywords.isEmpty {
                out += pad + "    <logginginfo>\n"
                out += pad + "        <lognote>\(xml(keywords.joined(separator: ", ")))</lognote>\n"
                out += pad + "    </logginginfo>\n"
            }
            return out + pad + "</clipitem>\n"
        }

        private static func rate(_ rate: FrameRate, indent: Int) -> String {
            let pad = String(repeating: " ", count: indent)
            return pad + "<rate>\n"
                + pad + "    <timebase>\(rate.timebase)</timebase>\n"
                + pad + "    <ntsc>\(rate.denominator == 1_001 ? "TRUE" : "FALSE")</ntsc>\n"
                + pad + "</rate>\n"
        }

        /// `frame` counts real frames since midnight, as Final Cut Pro 7 wrote it for drop-frame too.
        private static func timecode(_ timecode: Timecode, reel: String?, indent: Int) -> String {
            let pad = String(repeating: " ", count: indent)
            var out = pad + "<timecode>\n"
            out += rate(timecode.rate, indent: indent + 4)
            out += pad + "    <string>\(timecode.description)</string>\n"
            out += pad + "    <frame>\(timecode.frame)</frame>\n"
            out += pad + "    <displayformat>\(timecode.rate.dropFrame ? "DF" : "NDF")</displayformat>\n"
            if let reel {
                out += pad + "    <reel>\n"
                out += pad + "        <name>\(xml(reel))</name>\n"
                out += pad + "    </reel>\n"
            }
            return out + pad + "</timecode>\n"
        }
    }
}
