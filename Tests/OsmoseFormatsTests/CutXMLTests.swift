import Foundation
import OsmoseDomain
import Testing
@testable import OsmoseFormats
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("The cut formats' XML reader")
struct CutXMLTests {
    func parse(_ text: String, skipping: Set<String> = []) throws -> CutXMLElement {
        try CutXML.parse(Data(text.utf8), file: "cut.xml", skipping: skipping)
    }

    func message(_ text: String) -> String {
        message(Data(text.utf8))
    }

    func message(_ data: Data) -> String {
        do {
            _ = try CutXML.parse(data, file: "cut.xml")
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// The tree as lines: `name [a=v, …] "text"` indented by depth, attributes sorted.
    func outline(_ element: CutXMLElement, depth: Int = 0) -> [String] {
        let attributes = element.attributes.map { "\($0.name)=\($0.value)" }.sorted().joined(separator: ", ")
        let text = element.children.isEmpty ? " \(element.text.debugDescription)" : ""
        return [String(repeating: "  ", count: depth) + "\(element.name) [\(attributes)]\(text)"]
            + element.children.flatMap { outline($0, depth: depth + 1) }
    }

    @Test("References, CDATA, comments, processing instructions, a DOCTYPE and line ends read as XML says")
    func wellFormedDocuments() throws {
        let root = try parse("""
            \u{FEFF}<?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE fcpxml [<!ELEMENT fcpxml ANY>]>
            <!-- made by hand -->
            <fcpxml version='1.10'>\r
              <name>Rock &amp; roll &lt;3 &#233;t&#xE9; &quot;x&quot; &apos;y&apos;</name>
              <note a="one\ttwo\r\nthree&#10;four" b="&lt;&gt;"/>
              <text><![CDATA[<raw> & ]]>tail<?pi data?><!-- c --> end</text>
              <empty></empty>
              <née>ünïcode</née>
            </fcpxml>
            <!-- after -->

            """)
        #expect(root.name == "fcpxml")
        #expect(root["version"] == "1.10")
        #expect(root.text == "")
        #expect(root.child("name")?.text == "Rock & roll <3 été \"x\" 'y'")
        #expect(root.child("note")?["a"] == "one two three\nfour")
        #expect(root.child("note")?["b"] == "<>")
        #expect(root.child("text")?.text == "<raw> & tail end")
        #expect(root.child("empty")?.text == "")
        #expect(root.child("née")?.text == "ünïcode")
        #expect(root.child("note")?.line == 6)
        // The attribute value's line end counts.
        #expect(root.child("née")?.line == 10)
    }

    @Test("Skipped subtrees are checked but not kept; text between elements is dropped")
    func skippedSubtrees() throws {
        let root = try parse("<a>lead<b><c x='1'>in</c></b><d>kept</d><b/></a>", skipping: ["b"])
        #expect(outline(root) == ["a []", "  d [] \"kept\""])
        #expect(message("<a><b><c></b></c></a>").contains("does not close"))
    }

    @Test("What is not well formed is refused with its line", arguments: [
        ("<a>\n<b>\n</a>", "cut.xml:3: the XML is not well formed (the end tag </a> does not close the <b> of line 2)"),
        ("<a>\n<b>", "cut.xml:2: the XML is not well formed (it ends before the <b> of line 2 is closed)"),
        ("<a/>\n<b/>", "cut.xml:2: the XML is not well formed (a second root element)"),
        ("<a/>\ntext", "cut.xml:2: the XML is not well formed (text after the root element)"),
        ("x<a/>", "cut.xml:1: the XML is not well formed (text before the root element)"),
        ("<a>\n AT&T</a>", "cut.xml:2: the XML is not well formed (an & that starts no entity or character reference (write &amp;))"),
        ("<a>&nbsp;</a>", "cut.xml:1: the XML is not well formed (the reference &nbsp; names no character Osmose knows)"),
        ("<a>&#0;</a>", "cut.xml:1: the XML is not well formed (the reference &#0; names no character Osmose knows)"),
        ("<a b='1' b='2'/>", "cut.xml:1: the XML is not well formed (the attribute b appears twice in <a>)"),
        ("<a b=1/>", "cut.xml:1: the XML is not well formed (the value of the attribute b of <a> is not in quotes)"),
        ("<a b='<'/>", "cut.xml:1: the XML is not well formed (a < inside the value of the attribute b)"),
        ("<a b='1'c='2'/>", "cut.xml:1: the XML is not well formed (the attributes of <a> run together)"),
        ("<a b/>", "cut.xml:1: the XML is not well formed (the attribute b of <a> has no value)"),
        ("<a>\n</b>", "cut.xml:2: the XML is not well formed (the end tag </b> does not close the <a> of line 1)"),
        ("<a></a></a>", "cut.xml:1: the XML is not well formed (the end tag </a> closes no element)"),
        ("<1a/>", "cut.xml:1: the XML is not well formed (“1a” is not an XML name)"),
        ("< a/>", "cut.xml:1: the XML is not well formed (a tag without a name)"),
        ("<a>\n<!-- open", "cut.xml:2: the XML is not well formed (a comment never ends)"),
        ("<a><![CDATA[x</a>", "cut.xml:1: the XML is not well formed (a CDATA section never ends)"),
        ("<a\n b='1'", "cut.xml:1: the XML is not well formed (the tag <a> never ends)"),
        ("<a>\n\u{1}</a>", "cut.xml:2: the XML is not well formed (the control character 0x01)"),
        ("", "cut.xml: the file holds no XML element"),
        ("  <!-- only a comment -->\n", "cut.xml: the file holds no XML element"),
    ])
    func malformed(_ text: String, expected: String) {
        #expect(message(text) == expected)
    }

    @Test("Bytes that are not UTF-8 are refused by line")
    func notUTF8() {
        for bad: [UInt8] in [[0xC3], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF]] {
            let data = Data("<a>\n".utf8) + Data(bad) + Data("</a>".utf8)
            #expect(message(data) == "cut.xml:2: the XML is not well formed (a byte that is not UTF-8)")
        }
        #expect(message(Data("<a>\u{10FFFF}\u{7FF}\u{FFFD}</a>".utf8)) == "")
    }

    /// Builds the same outline with Foundation's libxml2-based parser.
    final class ReferenceTree: NSObject, XMLParserDelegate {
        var stack: [CutXMLElement] = []
        var root: CutXMLElement?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            let element = CutXMLElement(name: elementName, attributes: attributeDict.map { ($0.key, $0.value) }, line: 0)
            if let parent = stack.last {
                if parent.children.isEmpty { parent.text = "" }
                parent.children.append(element)
            } else {
                root = element
            }
            stack.append(element)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let current = stack.last, current.children.isEmpty { current.text += string }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if let current = stack.last, current.children.isEmpty { current.text += String(decoding: CDATABlock, as: UTF8.self) }
        }
    }

    @Test("Every XML cut fixture reads into the tree Foundation's parser builds")
    func agreesWithFoundation() throws {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures/cuts", withExtension: nil))
        let files = ["assembly.xml", "interview.kdenlive", "legacy.kdenlive", "rough-cut.fcpxml", "bundle.fcpxmld/Info.fcpxml"]
        for name in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let reference = ReferenceTree()
            let parser = XMLParser(data: data)
            parser.delegate = reference
            #expect(parser.parse(), "\(name)")
            let expected = outline(try #require(reference.root))
            let got = outline(try CutXML.parse(data, file: name))
            #expect(got == expected, "\(name)")
            #expect(got.count > 10, "\(name)")
        }
    }
}
