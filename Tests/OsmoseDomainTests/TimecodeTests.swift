import Testing
@testable import OsmoseDomain

@Suite("Timecode")
struct TimecodeTests {
    @Test("Every rate converts timecodes to frame counts and back", arguments: FrameRate.all)
    func roundTrip(rate: FrameRate) throws {
        // Given every frame of the first eleven minutes and a few far ones
        let frames = Array(0..<(rate.timebase * 60 * 11)) + [rate.framesPerDay - 1, rate.framesPerDay / 2]
        for frame in frames {
            // When written out and read back
            let tc = try Timecode(frame: frame, rate: rate)
            let back = try Timecode(parsing: tc.description, rate: rate)
            // Then nothing is lost
            #expect(back.frame == frame, "\(tc) at \(rate)")
        }
    }

    @Test("One hour is the expected number of frames at each rate")
    func oneHour() throws {
        let expected: [(FrameRate, String, Int)] = [
            (.fps23_976, "01:00:00:00", 86_400), (.fps24, "01:00:00:00", 86_400), (.fps25, "01:00:00:00", 90_000),
            (.fps29_97DF, "01:00:00;00", 107_892), (.fps29_97NDF, "01:00:00:00", 108_000), (.fps30, "01:00:00:00", 108_000),
            (.fps50, "01:00:00:00", 180_000), (.fps59_94DF, "01:00:00;00", 215_784), (.fps60, "01:00:00:00", 216_000),
        ]
        for (rate, text, frames) in expected {
            #expect(try Timecode(parsing: text, rate: rate).frame == frames, "\(rate)")
        }
    }

    @Test("Drop-frame skips frame numbers at each minute except every tenth")
    func dropFrameEdges() throws {
        let df = FrameRate.fps29_97DF
        let lastOfMinute = try Timecode(parsing: "00:00:59;29", rate: df)
        #expect(try Timecode(frame: lastOfMinute.frame + 1, rate: df).description == "00:01:00;02")
        #expect(try Timecode(parsing: "00:10:00;00", rate: df).frame == 17_982)
        #expect(try Timecode(frame: 17_982, rate: df).description == "00:10:00;00")
        #expect(try Timecode(parsing: "00:09:59;29", rate: df).frame == 17_981)
        #expect(throws: InputError.self) { try Timecode(parsing: "00:01:00;00", rate: df) }
        #expect(throws: InputError.self) { try Timecode(parsing: "00:01:00;01", rate: df) }
        #expect(try Timecode(parsing: "00:01:00;02", rate: df).frame == 1_800)
        #expect(try Timecode(parsing: "00:01:01;00", rate: df).frame == 1_828)

        let df60 = FrameRate.fps59_94DF
        #expect(throws: InputError.self) { try Timecode(parsing: "00:01:00;03", rate: df60) }
        #expect(try Timecode(parsing: "00:01:00;04", rate: df60).frame == 3_600)
        #expect(try Timecode(parsing: "00:20:00;00", rate: df60).frame == 71_928)
    }

    @Test("A drop-frame timecode may be written with a colon; it prints with a semicolon")
    func separators() throws {
        let tc = try Timecode(parsing: "00:00:10:00", rate: .fps29_97DF)
        #expect(tc.description == "00:00:10;00")
        #expect(try Timecode(parsing: "00:00:10.00", rate: .fps29_97DF) == tc)
    }

    @Test("Bad timecodes are refused with a sentence naming the bad field", arguments: [
        ("00:61:00:00", FrameRate.fps25, "minute 61"),
        ("00:00:00:25", .fps25, "frame 25 does not exist at 25 fps"),
        ("00:00:61:00", .fps25, "second 61"),
        ("24:00:00:00", .fps25, "hour 24"),
        ("00:00:00;10", .fps25, "has no drop-frame"),
        ("00:00:00:30", .fps29_97DF, "frame 30"),
        ("00:00:00:24", .fps23_976, "frame 24"),
        ("1:00:00:00", .fps25, "expected HH:MM:SS:FF"),
        ("00:00:00", .fps25, "expected HH:MM:SS:FF"),
        ("aa:bb:cc:dd", .fps25, "expected HH:MM:SS:FF"),
        ("", .fps25, "expected HH:MM:SS:FF"),
        ("٠٠:٠٠:٠٠:٠٠", .fps25, "expected HH:MM:SS:FF"),
    ])
    func refused(text: String, rate: FrameRate, message: String) {
        #expect {
            try Timecode(parsing: text, rate: rate)
        } throws: { error in
            (error as? InputError)?.message.contains(message) == true
        }
    }

    @Test("Frame counts outside a day are refused")
    func outsideDay() {
        #expect(throws: InputError.self) { try Timecode(frame: -1, rate: .fps25) }
        #expect(throws: InputError.self) { try Timecode(frame: 24 * 3_600 * 25, rate: .fps25) }
    }

    @Test("Rates are read as people write them")
    func rates() throws {
        #expect(try FrameRate(parsing: "29.97") == .fps29_97DF)
        #expect(try FrameRate(parsing: "29,97 fps") == .fps29_97DF)
        #expect(try FrameRate(parsing: "23.98") == .fps23_976)
        #expect(try FrameRate(parsing: "59.94ndf") == .fps59_94NDF)
        #expect(throws: InputError.self) { try FrameRate(parsing: "26") }
        for rate in FrameRate.all { #expect(try FrameRate(parsing: rate.label) == rate) }
    }

    @Test("23.976 runs slower than the clock")
    func realSeconds() throws {
        let tc = try Timecode(parsing: "01:00:00:00", rate: .fps23_976)
        #expect(abs(tc.seconds - 3_603.6) < 0.001)
    }
}
